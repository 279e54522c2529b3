// Case packages (issue 15): export, verification and import of the
// 1,000,000-event case (10,000,000 with --10m) as an age-encrypted package, in
// MB/s of package bytes, next to the raw speed of ChaCha20-Poly1305 over the
// same bytes in 64 KiB chunks, measured in the same run: the cipher's own
// ceiling, so each ratio says how much of the work is the format's (reading
// and decrypting runs, writing and reading JSON lines, tar, hashing, building
// new runs on import) rather than the encryption. Medians of 3 (one run of
// each at 10M); the peak growth of the process's RSS during each step shows
// whether memory stays flat.
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineClient, median, PASS, row, tempDir, timeIt } from '../lib.mjs';
import { generate } from '../generate-timesketch.mjs';

export const title = 'Case packages (export, verify and import of a case as an encrypted package)';

/** ChaCha20-Poly1305 over the package's own bytes, read from disk in 64 KiB chunks as the age STREAM seals them. */
async function rawCipher(file) {
  const key = randomBytes(32);
  const nonce = Buffer.alloc(12);
  let counter = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    nonce.writeUIntBE(counter++, 5, 6);
    const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    c.update(chunk);
    c.final();
    c.getAuthTag();
  }
}

/** Runs fn, sampling the process's RSS meanwhile: its time and how far RSS rose above where it started. */
async function measured(fn) {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const { ms, value } = await timeIt(fn);
    return { ms, value, rssGrowth: Math.max(0, Math.max(peak, process.memoryUsage().rss) - start) };
  } finally {
    clearInterval(sampler);
  }
}

async function repeated(times, fn) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await measured(fn));
  return { ms: median(runs.map((r) => r.ms)), rssGrowth: Math.max(...runs.map((r) => r.rssGrowth)), all: runs.map((r) => r.ms), last: runs.at(-1).value };
}

export async function run({ flags = [] }) {
  const events = flags.includes('--10m') ? 10_000_000 : 1_000_000;
  const times = events > 1_000_000 ? 1 : 3;
  const csv = path.join(os.tmpdir(), `casebook-bench-timesketch-${events}.csv`);
  if (!existsSync(csv)) await generate(events, csv);
  const a = await engineClient(tempDir('pkg-from'));
  const b = await engineClient(tempDir('pkg-to'));
  try {
    await a.call('vault.create', { passphrase: PASS });
    await b.call('vault.create', { passphrase: PASS });
    const caseId = (await a.call('cases.create', { title: 'Package bench' })).cases[0].id;
    const built = await timeIt(() => a.call('import.start', { taskId: 'events', file: csv, caseId }));
    const { identity } = await b.call('identity.show', {});
    const file = path.join(tempDir('pkg-file'), 'case.cbpkg');
    const to = { recipients: [identity.ageRecipient] };
    const exported = await repeated(times, () => a.call('packages.export', { taskId: 'bench', caseId, out: file, to, sign: true }));
    const mb = statSync(file).size / 1e6;
    const cipher = await repeated(times, () => rawCipher(file));
    const verified = await repeated(times, () => b.call('packages.verify', { file }));
    // Each import is of the same case again: kept beside the ones before.
    const imported = await repeated(times, () => b.call('packages.import', { file, duplicate: 'keep-both' }));
    const speed = (r) => mb / (r.ms / 1000);
    const rss = (r) => ({ ms: r.ms, runs: r.all.length, text: `${speed(r).toFixed(1)} MB/s  (RSS +${Math.round(r.rssGrowth / 2 ** 20)} MiB)` });
    return {
      rows: [
        row(`case of ${events.toLocaleString('en')} events imported from CSV (setup)`, built.ms / 1000, 's'),
        row('package size', mb, 'MB'),
        row('export (read runs, JSON lines, tar, encrypt, sign)', speed(exported), 'MB/s', rss(exported)),
        row('verify (decrypt, every hash, chain, every event line)', speed(verified), 'MB/s', rss(verified)),
        row('import (verify, then decrypt again and build runs)', speed(imported), 'MB/s', rss(imported)),
        row('ChaCha20-Poly1305 alone on the same bytes, 64 KiB chunks', speed(cipher), 'MB/s', { runs: cipher.all.length }),
        row('  export / cipher', speed(exported) / speed(cipher), '×'),
        row('  verify / cipher', speed(verified) / speed(cipher), '×'),
        row('  import / cipher', speed(imported) / speed(cipher), '×'),
      ],
      data: {
        events,
        bytes: mb * 1e6,
        setupMs: built.ms,
        exportMs: exported.all,
        verifyMs: verified.all,
        importMs: imported.all,
        cipherMs: cipher.all,
        rssGrowthBytes: { export: exported.rssGrowth, verify: verified.rssGrowth, import: imported.rssGrowth },
        importedEvents: imported.last.result.events,
      },
    };
  } finally {
    await a.engine.dispose();
    await b.engine.dispose();
  }
}
