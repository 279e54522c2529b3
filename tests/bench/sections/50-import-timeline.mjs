// Import and timeline queries at scale: a deterministic Timesketch CSV of 1,000,000
// events (10,000,000 with --10m), imported through the engine (worker-free, as the
// CLI does) in a child process so its peak RSS is measured alone; the same file
// parsed by the same CSV reader alone is the reference, and papaparse parsing it
// in the same runs is the reader's own yardstick. Then the case is reopened
// and queried. Targets from issue 3 are printed beside the figures.
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { median, row, ROOT, tempDir } from '../lib.mjs';
import { generate } from '../generate-timesketch.mjs';

export const title = 'Import and timeline queries (Timesketch CSV)';

/** The same reader only parsing, in a fresh process as the import gets one; with `child` papaparse-child.mjs, papaparse doing the same. */
function bareParse(file, child = 'parse-child.mjs') {
  return JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'tests/bench', child), file], { encoding: 'utf8' }));
}

/** Figures each import child measures (import-child.mjs), printed as the median over the runs: label, pick, unit. */
const MEASURED_ROWS = [
  ['peak RSS during the import (target < 1,536 MiB)', (r) => r.importPeakRssMiB, 'MiB'],
  ['peak RSS of the process after the queries too', (r) => r.peakRssMiB, 'MiB'],
  ['open the case: its records, then the first timeline query (target < 2,000 ms)', (r) => r.openMs],
  ['  of which the records (cases.open)', (r) => r.caseOpenMs],
  ['histogram, 100 bins, all events (target < 50 ms)', (r) => r.queries.histogram.median],
  ['histogram, 100 bins, one host', (r) => r.queries.histogramFiltered.median],
  ['histogram, 100 bins, split by host', (r) => r.queries.histogramSplit.median],
  ['page of 100, first (target < 50 ms)', (r) => r.queries.page.median],
  ['page of 100, from the middle, descending', (r) => r.queries.pageMiddleDesc.median],
  ['page of 100, one user', (r) => r.queries.pageFiltered.median],
  ['search, common phrase (target < 300 ms)', (r) => r.queries.searchCommon.median],
  ['search, common phrase, first (text not yet decrypted)', (r) => r.queries.searchCommon.first],
  ['search, absent token', (r) => r.queries.searchRare.median],
  ['facets host/user/source/tag (target < 300 ms)', (r) => r.queries.facets.median],
  ['facets with a text filter', (r) => r.queries.facetsFiltered.median],
];

export async function run({ flags = [] }) {
  const events = flags.includes('--10m') ? 10_000_000 : 1_000_000;
  const runs = events > 1_000_000 ? 1 : 5;
  // The generated file is cached between bench runs: it is the same bytes every time.
  const file = path.join(os.tmpdir(), `casebook-bench-timesketch-${events}.csv`);
  if (!existsSync(file)) await generate(events, file);
  const bytes = statSync(file).size;

  // Parse and import take turns, so a machine whose speed drifts during the run slows both alike.
  const parses = [];
  const papaparses = [];
  const results = [];
  for (let i = 0; i < runs; i++) {
    const ours = bareParse(file);
    const papa = bareParse(file, 'papaparse-child.mjs');
    if (papa.records !== ours.records)
      throw new Error(`papaparse read ${papa.records} records and our reader ${ours.records}: they do not parse the same file alike`);
    parses.push(ours.ms);
    papaparses.push(papa.ms);
    const out = execFileSync(process.execPath, [path.join(ROOT, 'tests/bench/import-child.mjs'), file, tempDir('import'), '5'], {
      maxBuffer: 1 << 24,
      encoding: 'utf8',
    });
    results.push(JSON.parse(out));
  }
  const parseMs = median(parses);
  const papaparseMs = median(papaparses);
  const importMs = median(results.map((r) => r.importMs));
  const m = (pick) => median(results.map(pick));
  const label = `${(events / 1e6).toFixed(0)}M events, ${(bytes / 2 ** 20).toFixed(0)} MiB`;
  return {
    rows: [
      row(`bare CSV parse, same reader (${label})`, parseMs, 'ms', { runs }),
      row('bare CSV parse, papaparse, same file and runs (the yardstick)', papaparseMs, 'ms', { runs }),
      row('our reader ÷ papaparse (below 1: ours is faster)', parseMs / papaparseMs, '×'),
      row(`import wall time (${label})`, importMs, 'ms', { runs }),
      row('import rate (target ≥ 200,000 events/s)', events / (importMs / 1000), 'events/s'),
      row('import ÷ bare parse (target ≤ 3)', importMs / parseMs, '×'),
      ...MEASURED_ROWS.map(([label, pick, unit = 'ms']) => row(label, m(pick), unit)),
    ],
    data: { events, bytes, parses, papaparses, results },
  };
}
