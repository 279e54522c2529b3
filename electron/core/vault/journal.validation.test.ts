import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Vault } from './vault';
import { sealRecord } from './journal-format';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, makeEditedCase, PASS, unlockVault } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

/**
 * Appends a record sealed and chained with the case's own key, as a faulty
 * writer (or another version of Casebook) would: it authenticates, so only
 * checking its content against its kind's schema can find it.
 */
async function appendAuthenticated(dir: string, caseId: string, record: (seq: number) => unknown): Promise<number> {
  const vault = await Vault.unlock(dir, PASS);
  const journal = await vault.openCase(caseId, 'read');
  const seq = journal.lastSeq + 1;
  const plaintext = Buffer.from(JSON.stringify(record(seq)), 'utf8');
  appendFileSync(journalPath(dir, caseId), sealRecord(journal.dataKey, caseId, seq, plaintext, journal.headTag));
  await journal.close();
  vault.lock();
  return seq;
}

async function editedCase() {
  const dir = tempDir();
  const { engine, call } = await createVault(dir);
  const id = await makeEditedCase(call, 'Validated', 2);
  await engine.lock();
  return { dir, id };
}

describe('reading a journal checks each record against its kind', () => {
  it('refuses to open a case whose authenticated record does not match its kind, naming the case, the record and the field', async () => {
    const { dir, id } = await editedCase();
    const seq = await appendAuthenticated(dir, id, (seq) => ({
      seq,
      v: 1,
      at: '2026-01-01T00:00:00.000Z',
      actor: 'tester',
      type: 'case.updated',
      data: { changes: [{ field: 'severity', from: 'high', to: 'apocalyptic' }] },
    }));
    expect(seq).toBe(4);
    const { engine, call } = await unlockVault(dir);
    const refusal = new RegExp(`^case ${id}: journal record 4 cannot be read: "case\\.updated" record: data\\.changes\\[0\\]\\.to: Invalid option`);
    await expect(call('cases.open', { id })).rejects.toMatchObject({ code: 'corrupt', message: expect.stringMatching(refusal) });
    await expect(call('cases.open', { id })).rejects.toThrow(/3 record\(s\) before it verify; the case was not opened and nothing was changed/);
    await expect(call('cases.update', { id, patch: { owner: 'mallory' } })).rejects.toMatchObject({ code: 'corrupt' });
    expect((await call('cases.list', {})).unreadable).toEqual([{ caseId: id, message: expect.stringMatching(refusal) }]);
    const verified = await call('audit.verify', { caseId: id });
    expect(verified).toMatchObject({ ok: false, records: 3 });
    expect(verified.problems).toEqual([
      { offset: expect.any(Number), seq: 4, reason: expect.stringMatching(/^"case\.updated" record: data\.changes\[0\]\.to: /) },
    ]);
    await engine.lock();
  });

  it('refuses a record written by a newer format, saying so', async () => {
    const { dir, id } = await editedCase();
    await appendAuthenticated(dir, id, (seq) => ({ seq, v: 7, at: '2030-01-01T00:00:00.000Z', actor: 'tester', type: 'case.archived', data: {} }));
    const { engine, call } = await unlockVault(dir);
    await expect(call('cases.open', { id })).rejects.toThrow(
      `case ${id}: journal record 4 cannot be read: "case.archived" record of format 7, written by a newer Casebook; this version reads formats up to 1`,
    );
    await engine.lock();
  });

  it('still tells damage from an invalid record: a flipped byte is a failed authentication at its offset', async () => {
    const { dir, id } = await editedCase();
    const { engine, call } = await unlockVault(dir);
    const before = await call('audit.verify', { caseId: id });
    expect(before).toMatchObject({ ok: true, records: 3 });
    await engine.lock();
    const bytes = readFileSync(journalPath(dir, id));
    bytes[bytes.length - 5]! ^= 1;
    writeFileSync(journalPath(dir, id), bytes);
    const again = await unlockVault(dir);
    await expect(again.call('cases.open', { id })).rejects.toThrow(/is damaged at byte \d+ \(record 3\): record failed authentication/);
    await again.engine.lock();
  });
});
