// Case packages (issue 15): export and import of the 1,000,000-event case
// (10,000,000 with --10m) as an age-encrypted package, in MB/s of package
// bytes, next to the raw speed of ChaCha20-Poly1305 over the same number of
// bytes in 64 KiB chunks, measured in the same run: the cipher's own ceiling,
// so the ratio says how much of an export or import is the format's work
// (reading and decrypting runs, writing JSON lines and tar, hashing, building
// new runs on import) rather than the encryption.
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineClient, median, PASS, row, sample, tempDir, timeIt } from '../lib.mjs';
import { generate } from '../generate-timesketch.mjs';

export const title = 'Case packages (export and import of a case as an encrypted package)';

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

export async function run({ runs = 5, flags = [] }) {
  const events = flags.includes('--10m') ? 10_000_000 : 1_000_000;
  const csv = path.join(os.tmpdir(), `casebook-bench-timesketch-${events}.csv`);
  if (!existsSync(csv)) await generate(events, csv);
  const a = await engineClient(tempDir('pkg-from'));
  const b = await engineClient(tempDir('pkg-to'));
  try {
    await a.call('vault.create', { passphrase: PASS });
    await b.call('vault.create', { passphrase: PASS });
    const caseId = (await a.call('cases.create', { title: 'Package bench' })).cases[0].id;
    await a.call('import.start', { taskId: 'events', file: csv, caseId });
    const { identity } = await b.call('identity.show', {});
    const file = path.join(tempDir('pkg-file'), 'case.cbpkg');
    // One export and one import each: at a million events they take long enough that one run is steady.
    const exported = await timeIt(() =>
      a.call('packages.export', { taskId: 'bench', caseId, out: file, to: { recipients: [identity.ageRecipient] }, sign: true }),
    );
    const bytes = statSync(file).size;
    const mb = bytes / 1e6;
    const cipher = await sample(Math.min(runs, 3), () => rawCipher(file), 1);
    const verified = await timeIt(() => b.call('packages.verify', { file }));
    const imported = await timeIt(() => b.call('packages.import', { file }));
    const cipherMBs = mb / (median(cipher) / 1000);
    const exportMBs = mb / (exported.ms / 1000);
    const importMBs = mb / (imported.ms / 1000);
    return {
      rows: [
        row(`package of ${events.toLocaleString('en')} events`, mb, 'MB'),
        row('export (read runs, JSON lines, tar, encrypt, sign)', exportMBs, 'MB/s', { ms: exported.ms }),
        row('verify (decrypt, every hash, chain, events parsed)', mb / (verified.ms / 1000), 'MB/s', { ms: verified.ms }),
        row('import (verify, then decrypt again and build runs)', importMBs, 'MB/s', { ms: imported.ms }),
        row('ChaCha20-Poly1305 alone on the same bytes, 64 KiB chunks', cipherMBs, 'MB/s', { runs: cipher.length }),
        row('  export / cipher', exportMBs / cipherMBs, '×'),
        row('  import / cipher', importMBs / cipherMBs, '×'),
      ],
      data: {
        events,
        bytes,
        exportMs: exported.ms,
        verifyMs: verified.ms,
        importMs: imported.ms,
        cipherMs: cipher,
        importedEvents: imported.value.result.events,
      },
    };
  } finally {
    await a.engine.dispose();
    await b.engine.dispose();
  }
}
