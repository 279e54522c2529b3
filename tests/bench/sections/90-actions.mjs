// Response actions (issue 14): approving 1,000 pending actions at once, the
// review queue's bulk decision. The case names 1,000 hosts; each run proposes
// one isolation per host (one record), then times actions.decide on all of them
// (the rules checked against every action's replayed status, one record
// appended and synced, the changed actions answered). Target: under 2 s.
// Beside it, in the same runs: one action decided alone, and the queue listed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineClient, median, PASS, row, tempDir, timeIt } from '../lib.mjs';

export const title = 'Response actions (approve 1,000 pending actions at once)';

const HOSTS = 1_000;

function hostsTimeline(file) {
  const lines = ['message,datetime,timestamp_desc,hostname,username'];
  for (let i = 0; i < HOSTS; i++) lines.push(`beacon,2026-11-30T10:${String(i % 60).padStart(2, '0')}:00+00:00,Event Recorded,WKS-${i},user${i}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

export async function run({ runs = 5 }) {
  const file = path.join(tempDir('actions-csv'), 'hosts.csv');
  hostsTimeline(file);
  // Proposals by one analyst, decisions by another: the two-person rule is checked on every action.
  const { engine, call } = await engineClient(tempDir('actions-vault'), { actor: undefined });
  try {
    await call('vault.create', { passphrase: PASS });
    await call('vault.settings', { actor: 'proposer', twoPersonRule: true });
    const caseId = (await call('cases.create', { title: 'Actions bench' })).cases[0].id;
    await call('import.start', { taskId: 'hosts', file, caseId });
    await call('cases.open', { id: caseId });
    const devices = (await call('entities.list', { caseId, types: ['device'], limit: 1000 })).rows.map((r) => r.id);
    const bulk = [];
    const single = [];
    const list = [];
    for (let i = 0; i < runs; i++) {
      await call('vault.settings', { actor: 'proposer' });
      const proposed = await call('actions.propose', { caseId, kind: 'isolate', targets: devices, rationale: `bench run ${i}` });
      const one = await call('actions.propose', { caseId, kind: 'av-scan', targets: [devices[0]], rationale: 'single' });
      await call('vault.settings', { actor: 'approver' });
      const ids = proposed.actions.map((a) => a.id);
      const decided = await timeIt(() => call('actions.decide', { caseId, ids, decision: 'approve', comment: 'bench' }));
      if (decided.value.actions.length !== ids.length || decided.value.actions.some((a) => a.status !== 'approved'))
        throw new Error('the bulk decision did not approve every action');
      bulk.push(decided.ms);
      single.push((await timeIt(() => call('actions.decide', { caseId, ids: [one.actions[0].id], decision: 'approve' }))).ms);
      list.push((await timeIt(() => call('actions.list', { caseId, status: ['pending'] }))).ms);
    }
    const total = (await call('actions.list', { caseId })).actions.length;
    const approveMs = median(bulk);
    return {
      rows: [
        row(`approve ${HOSTS.toLocaleString('en')} pending actions at once (target < 2,000 ms)`, approveMs, 'ms', { runs }),
        row('approve one action', median(single), 'ms', { runs }),
        row(`  ratio: ${HOSTS.toLocaleString('en')} at once / one`, approveMs / median(single), '×'),
        row(`list the queue (case holding up to ${total.toLocaleString('en')} actions)`, median(list), 'ms', { runs }),
      ],
      data: { approveMs, singleMs: median(single), listMs: median(list), runs: bulk, actionsInCase: total, meetsTarget: approveMs < 2000 },
    };
  } finally {
    await engine.dispose();
  }
}
