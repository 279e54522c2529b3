// Import of a Plaso storage file (.plaso, SQLite): 300,000 Windows event log
// records, written by SQLite itself (Python's sqlite3, through the same script
// the unit tests use), read by Casebook's own SQLite reader. Skipped, saying
// so, where python3 with sqlite3 is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, row, ROOT, tempDir } from '../lib.mjs';

export const title = 'Import of a Plaso storage file (.plaso)';

export async function run() {
  const events = 300_000;
  if (spawnSync('python3', ['-c', 'import sqlite3, zlib']).status !== 0) {
    return { rows: [row('skipped: python3 with sqlite3 is needed to write the .plaso file', null, '', { text: 'skipped' })] };
  }
  // Cached between bench runs: the same rows every time.
  const file = path.join(os.tmpdir(), `casebook-bench-plaso-${events}.plaso`);
  if (!existsSync(file)) execFileSync('python3', [path.join(ROOT, 'tests/support/make-plaso-storage.py'), file, String(events)]);
  const results = [];
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'tests/bench/import-file-child.mjs'), file, tempDir('plaso')], { encoding: 'utf8' });
    results.push(JSON.parse(out));
  }
  const ms = median(results.map((r) => r.importMs));
  const label = `${(events / 1000).toFixed(0)}k events, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`;
  return {
    rows: [
      row(`import wall time (${label})`, ms, 'ms', { runs: 3 }),
      row('import rate', events / (ms / 1000), 'events/s'),
      row('peak RSS during the import', median(results.map((r) => r.peakRssMiB)), 'MiB'),
    ],
  };
}
