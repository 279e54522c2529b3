// The engine's part of issue 13's view targets on a 1,000,000-event case (the
// generated Timesketch CSV of section 50, imported in-process): what the
// Timeline tab asks when it is opened with the case (the overview asking for
// entities at the same time), what a brush zoom asks (histogram, facets, lanes
// and the first page, sent together as the view sends them), and a text filter
// of the entity list. The views' own figures (bridge and rendering included)
// are measured in the page by tests/e2e/speed.spec.ts; these are the engine's
// share of them.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineClient, median, PASS, row, tempDir } from '../lib.mjs';
import { generate } from '../generate-timesketch.mjs';

export const title = "views on 1,000,000 events: the engine's share (Timeline opened with the case, brush zoom, entity filter)";

const FACETS = ['host', 'user', 'source', 'tag'];

/** The Timeline tab's questions for a filter, sent together; resolves when the last is answered. */
function timelineQuestions(call, caseId, filter) {
  return Promise.all([
    call('timeline.histogram', { caseId, filter, bins: 100 }),
    call('timeline.facets', { caseId, filter, fields: FACETS, limit: 8 }),
    call('timeline.lanes', { caseId, filter, field: 'host', values: [], bins: 100 }),
    call('timeline.page', { caseId, filter, order: 'asc', limit: 200, cursor: null }),
  ]);
}

/** Opens the case on a newly unlocked engine as the app does, and times the Timeline tab's answers from cases.open. */
async function openWithTimeline(dir, caseId) {
  const { call, engine } = await engineClient(dir);
  await call('vault.unlock', { passphrase: PASS });
  const started = performance.now();
  await call('cases.open', { id: caseId });
  // The overview asks for the top entities (building the entity store) and the summary at once.
  const entities = call('entities.list', { caseId, limit: 10, sort: 'events', order: 'desc' }).then(() => performance.now() - started);
  await call('timeline.summary', { caseId });
  await timelineQuestions(call, caseId, {});
  const timelineMs = performance.now() - started;
  const entitiesMs = await entities;
  return { call, engine, timelineMs, entitiesMs };
}

export async function run({ runs }) {
  const file = path.join(os.tmpdir(), 'casebook-bench-timesketch-1000000.csv');
  if (!existsSync(file)) await generate(1_000_000, file);
  const dir = tempDir('views');
  const { call, engine } = await engineClient(dir);
  await call('vault.create', { passphrase: PASS });
  const caseId = (await call('cases.create', { title: 'A million events' })).cases[0].id;
  await call('import.start', { taskId: 'bench', file, caseId });
  await engine.lock();

  const opens = [];
  let last = null;
  for (let i = 0; i < Math.max(3, runs); i++) {
    if (last) await last.engine.lock();
    last = await openWithTimeline(dir, caseId);
    opens.push(last);
  }
  const open = last.call;
  const { minTime, maxTime } = await open('timeline.summary', { caseId });
  const span = maxTime - minTime;
  const zooms = [];
  for (let i = 0; i < Math.max(7, runs); i++) {
    const filter = { from: Math.floor(minTime + span * (0.1 + i * 0.05)), to: Math.floor(minTime + span * (0.5 + i * 0.05)) };
    const started = performance.now();
    await timelineQuestions(open, caseId, filter);
    zooms.push(performance.now() - started);
  }
  const filters = [];
  for (let i = 0; i < Math.max(7, runs); i++) {
    const started = performance.now();
    await open('entities.list', { caseId, text: `10.${i % 4}.${(i * 37) % 256}.`, limit: 100 });
    filters.push(performance.now() - started);
  }
  await last.engine.lock();
  const rows = [
    row(
      'Timeline tab answered, from cases.open (store opened, overview asking for entities too; target: first paint < 1,000 ms)',
      median(opens.map((o) => o.timelineMs)),
      'ms',
      { runs: opens.length },
    ),
    row("  the overview's entity list, from cases.open (entity store built, 256,000 entities)", median(opens.map((o) => o.entitiesMs)), 'ms', {
      runs: opens.length,
    }),
    row('brush zoom: histogram, facets, lanes and first page sent together (target: on screen < 150 ms)', median(zooms), 'ms', { runs: zooms.length }),
    row('entity list text filter, 256,000 entities (target: on screen < 200 ms)', median(filters), 'ms', { runs: filters.length }),
  ];
  return { rows, data: { opens: opens.map(({ timelineMs, entitiesMs }) => ({ timelineMs, entitiesMs })), zooms, filters } };
}
