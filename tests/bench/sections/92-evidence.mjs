// Evidence ingest: a generated file (2 GiB; `--evidence-mb=N` for a quicker run) streamed into a
// case's encrypted blob store with SHA-256, SHA-1 and MD5 computed in the same pass, next to
// `sha256sum` on the same file in the same run (issue 14's target: at least 50% of its speed), and
// the process's RSS growth while it runs (target: under 200 MB). Runs alternate (sha256sum, ingest,
// sha256sum, ...) so both see the same page cache; medians are reported.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { engineClient, median, PASS, row, tempDir, timeIt } from '../lib.mjs';

export const title = 'Evidence ingest (streamed, encrypted, SHA-256 + SHA-1 + MD5 in one pass) against sha256sum';

function sizeMiB(flags) {
  const flag = flags.find((f) => f.startsWith('--evidence-mb='));
  return flag ? Number(flag.split('=')[1]) : 2048;
}

/** A file of `mib` MiB: a 16 MiB random block repeated (the hashes and the cipher do not care that it repeats). */
function generate(file, mib) {
  const block = randomBytes(16 << 20);
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < mib; written += 16) writeSync(fd, block, 0, Math.min(16, mib - written) << 20);
  } finally {
    closeSync(fd);
  }
}

/** Runs fn while sampling this process's RSS every 20 ms; returns fn's time and the largest growth over the RSS before it. */
async function withRss(fn) {
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const { ms } = await timeIt(fn);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ms, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

export async function run(options) {
  const mib = sizeMiB(options.flags ?? []);
  const runs = mib >= 1024 ? 3 : options.runs;
  const dir = tempDir('evidence');
  const file = path.join(dir, 'disk.img');
  generate(file, mib);
  const { engine, call } = await engineClient(path.join(dir, 'vault'));
  try {
    await call('vault.create', { passphrase: PASS });
    const caseId = (await call('cases.create', { title: 'Evidence bench' })).cases[0].id;
    const sums = [];
    const ingests = [];
    const growths = [];
    let hash = '';
    for (let i = 0; i < runs; i++) {
      const sum = await timeIt(async () => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]);
      sums.push(sum.ms);
      hash = sum.value;
      const { ms, growth } = await withRss(async () => {
        const { result } = await call('evidence.add', { caseId, taskId: `bench-${i}`, file, fields: { title: `disk ${i}`, kind: 'disk-image' } });
        if (result.hashes.sha256 !== hash) throw new Error(`ingest ${i}: SHA-256 ${result.hashes.sha256} differs from sha256sum's ${hash}`);
      });
      ingests.push(ms);
      growths.push(growth);
    }
    const mbps = (ms) => (mib * 2 ** 20) / 1e6 / (ms / 1000);
    const ingestRate = mbps(median(ingests));
    const sumRate = mbps(median(sums));
    return {
      rows: [
        row(`sha256sum of ${mib} MiB (median of ${runs})`, sumRate, 'MB/s', { runs }),
        row(`evidence add of ${mib} MiB: read, 3 hashes, AES-256-GCM, write (median of ${runs})`, ingestRate, 'MB/s', { runs }),
        row('evidence add / sha256sum, same run (target ≥ 0.5)', ingestRate / sumRate, '×'),
        row('RSS growth during an ingest (largest of the runs; target < 200 MB)', Math.max(...growths) / 1e6, 'MB'),
      ],
      data: { mib, runs, sumsMs: sums, ingestsMs: ingests, rssGrowthBytes: growths },
    };
  } finally {
    await engine.dispose();
  }
}
