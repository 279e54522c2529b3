// One import of a Timesketch CSV into a fresh vault, then the case reopened and
// queried, in a process of its own so its peak RSS is the import's alone.
// Usage: node tests/bench/import-child.mjs FILE VAULT_DIR QUERY_RUNS
// Prints one JSON document with the figures.
import { engineClient, median } from './lib.mjs';

const [file, vaultDir, queryRunsArg] = process.argv.slice(2);
const queryRuns = Number(queryRunsArg ?? 5);

const { call, engine } = await engineClient(vaultDir);
await call('vault.create', { passphrase: 'correct horse battery staple' });
const caseId = (await call('cases.create', { title: 'Bench: import' })).cases[0].id;

const t0 = performance.now();
const { report } = await call('import.start', { taskId: 'bench', file, caseId });
const importMs = performance.now() - t0;
const afterImportRss = process.memoryUsage().rss;
// maxRSS is the peak so far: here, the import's own.
const importPeakRss = process.resourceUsage().maxRSS * 1024;
await engine.lock();

// Open as the app does: a fresh engine (nothing cached), unlock excluded; the
// case with its records (its 100,000 entities counted, only those that matter
// to triage sent), then the timeline's first query.
const fresh = await engineClient(vaultDir);
await fresh.call('vault.unlock', { passphrase: 'correct horse battery staple' });
const t1 = performance.now();
const opened = await fresh.call('cases.open', { id: caseId });
const caseOpenMs = performance.now() - t1;
const summary = await fresh.call('timeline.summary', { caseId });
const openMs = performance.now() - t1;
if (opened.counts.entities !== report.counts.entities)
  throw new Error(`the case opened with ${opened.counts.entities} entities; the import made ${report.counts.entities}`);

async function time(fn) {
  const times = [];
  for (let i = 0; i < queryRuns; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  return { median: median(times), first: times[0], times };
}
const q = (method, input) => fresh.call(method, { caseId, ...input });
const mid = summary.minTime + (summary.maxTime - summary.minTime) / 2;
const queries = {
  histogram: await time(() => q('timeline.histogram', { bins: 100 })),
  histogramFiltered: await time(() => q('timeline.histogram', { bins: 100, filter: { hosts: ['WKS-001.corp.example'] } })),
  histogramSplit: await time(() => q('timeline.histogram', { bins: 100, splitBy: 'host' })),
  page: await time(() => q('timeline.page', { limit: 100 })),
  pageMiddleDesc: await time(() => q('timeline.page', { limit: 100, order: 'desc', filter: { to: mid } })),
  pageFiltered: await time(() => q('timeline.page', { limit: 100, filter: { users: ['user7'] } })),
  searchCommon: await time(() => q('timeline.page', { limit: 100, filter: { text: 'Registry value set' } })),
  searchRare: await time((i) => q('timeline.page', { limit: 100, filter: { text: `no-such-token-${i}` } })),
  facets: await time(() => q('timeline.facets', { fields: ['host', 'user', 'source', 'tag'], limit: 10 })),
  facetsFiltered: await time(() => q('timeline.facets', { fields: ['host', 'user', 'source', 'tag'], limit: 10, filter: { text: 'Logon' } })),
};
await fresh.engine.lock();

console.log(
  JSON.stringify({
    events: report.counts.events,
    entities: report.counts.entities,
    warnings: report.warnings,
    importMs,
    openMs,
    caseOpenMs,
    summaryCount: summary.count,
    afterImportRssMiB: afterImportRss / 2 ** 20,
    importPeakRssMiB: importPeakRss / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    queries,
  }),
);
