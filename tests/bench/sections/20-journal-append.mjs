// (b) Journal append latency: one acknowledged triage edit, fdatasync included,
// through the engine with the case held open (the app's way) and, for
// comparison, with the lock taken per edit (the CLI's way).
import { engineClient, median, percentile, row, sample, tempDir, triagePatch } from '../lib.mjs';

export const title = 'Journal append (cases.update, fdatasync before ack)';

export async function run({ appends }) {
  const { call, engine } = await engineClient(tempDir('append'));
  await call('vault.create', { passphrase: 'correct horse battery staple' });
  const id = (await call('cases.create', { title: 'Bench: append', severity: 'medium', tags: ['bench'] })).cases[0].id;

  await call('cases.open', { id });
  const held = await sample(appends, (i) => call('cases.update', { id, patch: triagePatch(i) }), 20);
  await call('cases.close', { id });
  // The CLI path replays the case on every edit, so keep it short and on a small case.
  const cliId = (await call('cases.create', { title: 'Bench: CLI edits' })).cases[0].id;
  const perEdit = await sample(100, (i) => call('cases.update', { id: cliId, patch: triagePatch(i) }), 5);
  await engine.lock();

  const total = held.reduce((a, b) => a + b, 0);
  return {
    rows: [
      row(`append, case held open (${appends} edits)`, median(held), 'ms', { p95: percentile(held, 95), runs: appends }),
      row('appends per second, case held open', appends / (total / 1000), '/s'),
      row('edit with lock taken per edit (CLI, 100 edits, small case)', median(perEdit), 'ms', { p95: percentile(perEdit, 95), runs: 100 }),
    ],
    data: { heldMs: held, perEditMs: perEdit },
  };
}
