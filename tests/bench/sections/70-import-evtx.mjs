// Import of a raw Windows event log (.evtx) of 200 MiB or more, made of the
// sample logs' chunks (generate-evtx.mjs), next to python-evtx (Debian's
// python3-evtx, the reader the importer is tested against) on the same file
// in the same run. python-evtx reads a few hundred records a second, so it is
// timed on the file's first records only, and the row says how many.
// Skipped, saying so, without the sample corpus; python-evtx's rows are
// skipped without python-evtx.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dist, median, row, ROOT, tempDir } from '../lib.mjs';
import { sampleChunks, writeBenchEvtx } from '../generate-evtx.mjs';

export const title = 'Import of a raw Windows event log (.evtx)';

const SAMPLES = path.resolve(ROOT, '../shared/samples/more/evtx');
const BYTES = 200 * 2 ** 20;
/** Records python-evtx is timed on. */
const PYTHON_PREFIX = 3000;

function pythonWithEvtx() {
  return ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import Evtx.Evtx']).status === 0) ?? null;
}

export async function run() {
  const chunks = sampleChunks(SAMPLES);
  if (chunks.length === 0) return { rows: [row(`skipped: no sample .evtx chunks in ${SAMPLES}`, null, '', { text: 'skipped' })] };
  // Cached between bench runs: the same bytes every time.
  const file = path.join(os.tmpdir(), `casebook-bench-${BYTES / 2 ** 20}MiB.evtx`);
  const made = existsSync(file) && statSync(file).size >= BYTES ? null : writeBenchEvtx(file, BYTES, chunks);
  const results = [];
  for (let i = 0; i < 2; i++) {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'tests/bench/import-file-child.mjs'), file, tempDir('evtx')], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    results.push(JSON.parse(out));
  }
  const events = results[0].counts.events;
  const ms = median(results.map((r) => r.importMs));
  const label = `${(events / 1000).toFixed(0)}k events, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB${made ? `, ${made.chunks} chunks of ${chunks.length} sample chunks` : ''}`;
  const rows = [
    row(`Casebook import wall time (${label})`, ms, 'ms', { runs: results.length }),
    row('Casebook import rate', events / (ms / 1000), 'events/s'),
    row('Casebook peak RSS during the import', median(results.map((r) => r.peakRssMiB)), 'MiB'),
  ];
  // The reader alone (chunks, BinXml, fields, messages), without the import's columns, runs and entity scan.
  const { evtxImporter } = await dist('electron/core/importers/evtx/evtx.js');
  const handle = await fs.open(file, 'r');
  let parsed = 0;
  const parseStarted = performance.now();
  try {
    const readAt = async (offset, length) => {
      const b = Buffer.alloc(length);
      const { bytesRead } = await handle.read(b, 0, length, offset);
      return b.subarray(0, bytesRead);
    };
    const ignore = () => undefined;
    await evtxImporter.run({
      file,
      size: statSync(file).size,
      readAt,
      bytes: ignore,
      columns: ignore,
      warn: ignore,
      invalid: ignore,
      event: () => parsed++,
      checkpoint: async () => undefined,
    });
  } finally {
    await handle.close();
  }
  rows.push(row('EVTX reader alone (no import pipeline) rate', parsed / ((performance.now() - parseStarted) / 1000), 'events/s'));
  const python = pythonWithEvtx();
  if (!python) {
    rows.push(row('python-evtx: skipped (apt-get install python3-evtx)', null, '', { text: 'skipped' }));
  } else {
    const started = performance.now();
    execFileSync(python, [path.join(ROOT, 'tests/support/evtx-dump.py'), file, String(PYTHON_PREFIX)], { maxBuffer: 1 << 28 });
    const pyMs = performance.now() - started;
    rows.push(
      row(
        `python-evtx rate (first ${PYTHON_PREFIX} records of the same file, record dump as the differential test)`,
        PYTHON_PREFIX / (pyMs / 1000),
        'events/s',
      ),
    );
    rows.push(row('Casebook import rate / python-evtx rate', events / (ms / 1000) / (PYTHON_PREFIX / (pyMs / 1000)), '×'));
  }
  return { rows, data: { file, events, results } };
}
