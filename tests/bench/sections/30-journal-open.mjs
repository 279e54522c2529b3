// (c) Opening a long case: read the journal, authenticate every record against
// the chain, replay it. 10,000 records is years of a busy case.
import { statSync } from 'node:fs';
import path from 'node:path';
import { dist, engineClient, median, row, sample, tempDir, triagePatch } from '../lib.mjs';

export const title = 'Open a case of 10,000 records (replay + verify)';

export async function run({ runs, records }) {
  const { Vault } = await dist('electron/core/vault/vault.js');
  const { diffPatch, replayCase, CASE_UPDATED } = await dist('electron/core/cases/case-model.js');
  const dir = tempDir('open');
  const { call, engine } = await engineClient(dir);
  await call('vault.create', { passphrase: 'correct horse battery staple' });
  const id = (await call('cases.create', { title: 'Bench: long case', tags: ['bench'] })).cases[0].id;
  await engine.lock();

  // Fill it through the real append path (fdatasync each), with the records the engine would write.
  const vault = await Vault.unlock(dir, 'correct horse battery staple');
  const journal = await vault.openCase(id, 'write');
  let state = replayCase(id, journal.records);
  const fillStarted = performance.now();
  for (let i = 1; i < records; i++) {
    const changes = diffPatch(state, { ...triagePatch(i), owner: `analyst-${i}` });
    const { record } = await journal.append({ at: new Date().toISOString(), actor: 'bench', type: CASE_UPDATED, data: { changes } });
    // Apply just this record instead of replaying all of them again.
    for (const change of changes) state[change.field] = change.to;
    state.version = record.seq;
  }
  const fillMs = performance.now() - fillStarted;
  await journal.close();
  const { size } = statSync(path.join(dir, 'cases', id, 'journal.cbj'));

  const vaultOpen = await sample(
    runs,
    async () => {
      const j = await vault.openCase(id, 'read');
      replayCase(id, j.records);
      await j.close();
    },
    1,
  );
  const reopened = await engineClient(dir);
  await reopened.call('vault.unlock', { passphrase: 'correct horse battery staple' });
  let opened;
  const engineOpen = await sample(
    runs,
    async () => {
      opened = await reopened.call('cases.open', { id });
      await reopened.call('cases.close', { id });
    },
    1,
  );
  const verify = await sample(runs, () => reopened.call('audit.verify', { caseId: id }), 1);
  await reopened.engine.lock();
  vault.lock();
  if (opened.audit.length !== records || !opened.verification.ok) throw new Error(`open: expected ${records} verified records, got ${opened.audit.length}`);

  return {
    rows: [
      row(`journal size (${records} records)`, size / 1024 / 1024, 'MiB'),
      row('open: read + authenticate chain + replay (vault)', median(vaultOpen), 'ms', { runs }),
      row('cases.open: + lock + audit entries (engine)', median(engineOpen), 'ms', { runs }),
      row('audit.verify: re-read + authenticate chain', median(verify), 'ms', { runs }),
      row(`filling it: ${records - 1} appends, fdatasync each`, fillMs / 1000, 's'),
    ],
    data: { records, bytes: size, vaultOpenMs: vaultOpen, engineOpenMs: engineOpen, verifyMs: verify, fillMs },
  };
}
