// Timeline export at scale: the 1,000,000 events of the import section's
// Timesketch CSV imported once, then exported as Timesketch JSONL and as CSV
// (exports.timeline, page by page through the timeline store). Reported: the
// export's events/s and MB/s, its ratio to the import of the same events in
// the same run, and the heap high-water mark while it runs, against the heap
// before it (the export is streamed: memory should stay flat whatever the size).
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineClient, median, PASS, row, tempDir, timeIt } from '../lib.mjs';
import { generate } from '../generate-timesketch.mjs';

export const title = 'Timeline export (1,000,000 events to Timesketch JSONL and CSV)';

/** Runs fn while sampling the heap every 50 ms; returns its time and the highest heap seen. */
async function withHeapPeak(fn) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  try {
    const { ms, value } = await timeIt(fn);
    return { ms, value, before, peak };
  } finally {
    clearInterval(timer);
  }
}

export async function run({ runs = 5 }) {
  const events = 1_000_000;
  const csv = path.join(os.tmpdir(), `casebook-bench-timesketch-${events}.csv`);
  if (!existsSync(csv)) await generate(events, csv);
  const dir = tempDir('export');
  const { engine, call } = await engineClient(path.join(dir, 'vault'));
  const rows = [];
  const data = {};
  try {
    await call('vault.create', { passphrase: PASS });
    const caseId = (await call('cases.create', { title: 'Export bench' })).cases[0].id;
    const imported = await timeIt(() => call('import.start', { taskId: 'events', file: csv, caseId }));
    // The first query opens the store (reads every run's columns): not part of an export's cost.
    await call('timeline.summary', { caseId });
    rows.push(row('import of the same events (once, for the ratio)', imported.ms / 1000, 's'));
    for (const format of ['timesketch-jsonl', 'csv']) {
      const times = [];
      const peaks = [];
      let bytes = 0;
      const n = Math.max(1, Math.min(runs, 3));
      for (let i = 0; i < n; i++) {
        const out = path.join(dir, `export-${i}.${format === 'csv' ? 'csv' : 'jsonl'}`);
        const r = await withHeapPeak(() => call('exports.timeline', { taskId: `x${i}`, caseId, format, out }));
        times.push(r.ms);
        peaks.push((r.peak - r.before) / 2 ** 20);
        bytes = statSync(out).size;
      }
      const ms = median(times);
      rows.push(row(`${format}: export of ${events.toLocaleString('en-US')} events`, ms / 1000, 's', { runs: n }));
      rows.push(row(`${format}: events per second`, events / (ms / 1000), 'ev/s'));
      rows.push(
        row(`${format}: written`, bytes / 2 ** 20 / (ms / 1000), 'MiB/s', {
          text: `${(bytes / 2 ** 20).toFixed(0)} MiB at ${(bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`,
        }),
      );
      rows.push(row(`${format}: export time / import time (same run)`, ms / imported.ms, '×'));
      rows.push(row(`${format}: heap growth while exporting (median)`, median(peaks), 'MiB'));
      data[format] = { times, peaks, bytes };
    }
  } finally {
    await engine.dispose();
  }
  return { rows, data: { events, ...data } };
}
