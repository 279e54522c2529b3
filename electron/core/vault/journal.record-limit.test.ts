import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Vault } from './vault';
import { MAX_RECORD_BYTES, RecordTooLarge } from './journal-format';
import { CASE_CREATED, CASE_UPDATED } from '../cases/records/case-records';
import { newRecord, type JournalEntry } from '../cases/records/journal-record';
import { initialFields } from '../cases/case-model';
import { ownerEdit } from '../../../tests/unit/support/journal-entries';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, makeEditedCase, PASS } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

const edit = (to: string) => ownerEdit(to, '2026-01-01T00:00:00.000Z');

/** An edit whose record content (its JSON with seq `seq`) is exactly `bytes` long. */
function editOfSize(seq: number, bytes: number) {
  const bare = JSON.stringify(newRecord(seq, edit(''))).length;
  return edit('x'.repeat(bytes - bare));
}

async function openCase() {
  const dir = tempDir();
  const { engine, call } = await createVault(dir);
  const caseId = await makeEditedCase(call, 'Record limit', 1);
  await engine.lock();
  const vault = await Vault.unlock(dir, PASS);
  return { caseId, vault, file: journalPath(dir, caseId), writer: await vault.openCase(caseId, 'write') };
}

/**
 * The reader refuses a record whose sealed body is over MAX_BODY_BYTES as
 * damage; the writer must never write one, or every record of the case
 * becomes unreadable.
 */
describe('journal: the record size limit is the writer’s as well as the reader’s', () => {
  it('writes a record of exactly the limit, which reads back; one byte more is refused with nothing written', async () => {
    const { caseId, vault, file, writer } = await openCase();
    const seq = writer.lastSeq + 1;
    await writer.append(editOfSize(seq, MAX_RECORD_BYTES));
    const sizeAfter = readFileSync(file).length;

    const over = writer.append(editOfSize(seq + 1, MAX_RECORD_BYTES + 1));
    await expect(over).rejects.toThrow(RecordTooLarge);
    await expect(over).rejects.toThrow(/"case\.updated" record of 64\.0 MiB is over the journal's limit of 64\.0 MiB per record; nothing was written/);
    expect(readFileSync(file).length).toBe(sizeAfter);
    await writer.close();

    const reader = await vault.openCase(caseId, 'read');
    expect(reader.records).toHaveLength(seq);
    const last = reader.records[seq - 1]!;
    expect(last.type === CASE_UPDATED && last.data.changes[0]!.to).toHaveLength(MAX_RECORD_BYTES - JSON.stringify(newRecord(seq, edit(''))).length);
    await reader.close();
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: seq });
    vault.lock();
  });

  it('refuses a batch holding one record too large before writing any of it; the writer goes on appending', async () => {
    const { caseId, vault, file, writer } = await openCase();
    const before = readFileSync(file);
    const records = writer.lastSeq;
    const big = edit('y'.repeat(70 * 2 ** 20));
    await expect(writer.appendAll([edit('a'), big, edit('c')])).rejects.toThrow(/record of 70\.0 MiB is over the journal's limit/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(writer.lastSeq).toBe(records);

    await writer.append(edit('after'));
    await writer.close();
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: records + 1 });
    vault.lock();
  });

  it('refuses a case whose first record is too large: no case is made, no staged folder is left', async () => {
    const dir = tempDir();
    const { engine } = await createVault(dir);
    await engine.lock();
    const vault = await Vault.unlock(dir, PASS);
    const origin = { format: 'misp', file: 'x.json', externalId: '1', createdAt: null, attributes: { note: 'z'.repeat(70 * 2 ** 20) } };
    const first: JournalEntry = {
      at: '2026-01-01T00:00:00.000Z',
      actor: 'tester',
      type: CASE_CREATED,
      data: { fields: initialFields({ title: 'Huge' }), origin },
    };
    await expect(vault.createCase(first)).rejects.toThrow(/"case\.created" record of 70\.0 MiB/);
    expect(await vault.listCaseIds()).toEqual([]);
    // Not even a staged folder is left behind.
    expect(readdirSync(path.join(dir, 'cases'))).toEqual([]);
  });
});
