import { afterEach, describe, expect, it, vi } from 'vitest';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import { Vault } from './vault';
import { ownerEdit as edit } from '../../../tests/unit/support/journal-entries';
import { CASE_UPDATED } from '../cases/records/case-records';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, makeEditedCase, PASS } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

async function openCase(records: number) {
  const dir = tempDir();
  const { engine, call } = await createVault(dir);
  const caseId = await makeEditedCase(call, 'Batches', records - 1);
  await engine.lock();
  const vault = await Vault.unlock(dir, PASS);
  return { caseId, vault, file: journalPath(dir, caseId), writer: await vault.openCase(caseId, 'write') };
}

afterEach(() => vi.restoreAllMocks());

/** An import writes its batches of records with appendAll: one write each, written while the next is encoded, one sync. */
describe('journal: appending several records at once', () => {
  it('chains them after the records before and before the ones after, as single appends would', async () => {
    const { caseId, vault, writer } = await openCase(3);
    await writer.append(edit('single'));
    const appended = await writer.appendAll([edit('a'), edit('b'), edit('c')]);
    await writer.append(edit('after'));
    expect(appended.map((a) => a.record.seq)).toEqual([5, 6, 7]);
    expect(appended.map((a) => a.tag)).toEqual([5, 6, 7].map((seq) => writer.tagAt(seq)));
    const inMemory = writer.records.slice();
    await writer.close();

    const reader = await vault.openCase(caseId, 'read');
    expect(reader.records).toEqual(inMemory);
    expect(reader.records.slice(3).map((r) => r.type === CASE_UPDATED && r.data.changes[0]!.to)).toEqual(['single', 'a', 'b', 'c', 'after']);
    await reader.close();
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: 8 });
    vault.lock();
  });

  it('appends none of them when one write fails, and the case takes records afterwards', async () => {
    const { caseId, vault, file, writer } = await openCase(3);
    const before = readFileSync(file);
    const records = writer.records.slice();
    // Every file handle shares the prototype: the second write of the batch fails as a full disk would.
    const probe = await fs.open(file, 'r');
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const write = proto.write;
    let calls = 0;
    vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
      return ++calls === 2 ? Promise.reject(new Error('ENOSPC: no space left on device')) : write.apply(this, args);
    });
    await expect(writer.appendAll([edit('a'), edit('b'), edit('c')])).rejects.toThrow(/could not write the journal .*ENOSPC/);
    vi.restoreAllMocks();

    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).size).toBe(before.length);
    expect(writer.records).toEqual(records);
    await writer.append(edit('after'));
    await writer.close();
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: 4 });
    vault.lock();
  });
});
