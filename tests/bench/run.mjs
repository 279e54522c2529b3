// Casebook benchmarks: `npm run bench` (builds first). Prints figures and writes
// test-results/bench.json; asserts nothing, because timings depend on the machine.
//
// Each file in sections/ is one section, run in name order:
//   export const title = '...';
//   export async function run(options) { return { rows: [row(...)], data: {...} }; }
// Add a section (imports, timeline queries, ...) by adding a file there.
// `node tests/bench/run.mjs kdf list` runs only the sections whose file name contains a given word;
// `npm run bench -- import --10m` runs the import section at 10 million events.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanup, ROOT } from './lib.mjs';

/** Sizes of the standard run; sections take what they need. */
const OPTIONS = { runs: 5, appends: 500, records: 10_000, cases: 200 };

const sectionsDir = path.join(ROOT, 'tests/bench/sections');
// Words choose sections; --flags (e.g. --10m for the 10-million-event import) go to the sections.
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
OPTIONS.flags = flags;
const files = readdirSync(sectionsDir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => only.length === 0 || only.some((word) => f.includes(word)))
  .sort();

const fmt = (value) => (value === null || value === undefined ? '' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

const env = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  tmpdir: os.tmpdir(),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
};
console.log(`Casebook benchmark — node ${env.node}, ${env.platform}, ${env.cpus}, temp folder ${env.tmpdir}`);
console.log(`(load average at start ${env.loadAverage.join(' ')}; medians of ${OPTIONS.runs} runs unless noted)\n`);

const report = { env, options: OPTIONS, sections: [] };
for (const file of files) {
  const section = await import(pathToFileURL(path.join(sectionsDir, file)).href);
  const name = file.replace(/^\d+-/, '').replace(/\.mjs$/, '');
  globalThis.gc?.();
  const started = performance.now();
  let result;
  try {
    result = await section.run(OPTIONS);
  } finally {
    cleanup();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${section.title}  [${name}, ${seconds.toFixed(1)} s]`);
  for (const r of result.rows) {
    const value = r.text ?? `${fmt(r.value)} ${r.unit}`;
    const p95 = r.p95 !== undefined ? `p95 ${fmt(r.p95)} ${r.unit}` : '';
    console.log(`  ${r.metric.padEnd(64)} ${value.padStart(12)}  ${p95}`);
  }
  console.log('');
  report.sections.push({ name, title: section.title, seconds, rows: result.rows, data: result.data });
}

const out = path.join(ROOT, 'test-results', 'bench.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`Figures written to ${path.relative(ROOT, out)}`);
