// (d) The case list: every case's journal read, verified and replayed. With 200
// cases this is what the app shows first after unlock.
import { engineClient, median, row, sample, tempDir, triagePatch } from '../lib.mjs';

export const title = 'cases.list over 200 cases';

export async function run({ runs, cases }) {
  const dir = tempDir('list');
  const { call, engine } = await engineClient(dir);
  await call('vault.create', { passphrase: 'correct horse battery staple' });
  for (let i = 0; i < cases; i++) {
    const id = (await call('cases.create', { title: `Bench case ${i}`, severity: 'low', tags: ['bench'] })).cases[0].id;
    for (let k = 0; k < 4; k++) await call('cases.update', { id, patch: triagePatch(i * 4 + k) });
  }
  await engine.lock();

  // Cold: the first list after unlock also unwraps every case key.
  const cold = [];
  for (let i = 0; i < runs; i++) {
    const fresh = await engineClient(dir);
    await fresh.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    const started = performance.now();
    const { cases: listed } = await fresh.call('cases.list', {});
    cold.push(performance.now() - started);
    if (listed.length !== cases) throw new Error(`cases.list returned ${listed.length} cases, expected ${cases}`);
    await fresh.engine.lock();
  }
  const again = await engineClient(dir);
  await again.call('vault.unlock', { passphrase: 'correct horse battery staple' });
  const warm = await sample(runs, () => again.call('cases.list', {}), 1);
  await again.engine.lock();

  return {
    rows: [
      row(`cases.list, first after unlock (${cases} cases × 5 records)`, median(cold), 'ms', { runs }),
      row('cases.list, case keys already unwrapped', median(warm), 'ms', { runs }),
      row('per case (warm)', median(warm) / cases, 'ms'),
    ],
    data: { cases, coldMs: cold, warmMs: warm },
  };
}
