import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Vault } from './vault';
import { MAGIC } from './journal-format';
import { CASE_UPDATED } from '../cases/case-model';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, lockPath, makeEditedCase, PASS, recordSpans } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

/**
 * A crash can cut the journal anywhere: the last write may be half on disk.
 * Whatever the cut, the records before it must survive, the partial one must be
 * dropped (and said so), and the case must take new records afterwards.
 */
describe('journal: a file cut at any byte', () => {
  it('keeps every whole record before the cut, drops the torn one, and appends again', async () => {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const caseId = await makeEditedCase(call, 'Cut me anywhere', 6);
    await engine.lock();

    const file = journalPath(dir, caseId);
    const original = readFileSync(file);
    const spans = recordSpans(original);
    expect(spans).toHaveLength(7);
    const vault = await Vault.unlock(dir, PASS);
    const full = await vault.openCase(caseId, 'read');
    const allRecords = full.records.slice();
    await full.close();

    // A record "survives" a cut only if it lies wholly before it.
    const boundaries = [MAGIC.length, ...spans.map((s) => s.offset + s.bytes)];
    let tornSeen = 0;
    for (let cut = 0; cut <= original.length; cut++) {
      const kept = spans.filter((s) => s.offset + s.bytes <= cut).length;
      const goodEnd = cut < MAGIC.length ? 0 : boundaries[kept]!;
      const torn = cut === goodEnd || cut === 0 ? null : { offset: goodEnd, bytes: cut - goodEnd };
      const at = `cut at byte ${cut} of ${original.length}`;

      writeFileSync(file, original.subarray(0, cut));
      const mtimeBefore = statSync(file).mtimeMs;

      // A reader (say, the case list while a writer is mid-append) sees the same, and changes nothing.
      const reader = await vault.openCase(caseId, 'read');
      expect(reader.records, at).toEqual(allRecords.slice(0, kept));
      await reader.close();
      expect(readFileSync(file).equals(original.subarray(0, cut)), `${at}: read mode left the file alone`).toBe(true);
      expect(statSync(file).mtimeMs, at).toBe(mtimeBefore);

      const writer = await vault.openCase(caseId, 'write');
      expect(writer.records, at).toEqual(allRecords.slice(0, kept));
      expect(writer.opened.tornTail, at).toEqual(torn);
      expect(writer.opened.ok, at).toBe(true);
      if (torn) tornSeen++;
      // Truncated back to the last good record (a file cut inside the signature gets its signature back).
      const repaired = readFileSync(file);
      expect(repaired.equals(original.subarray(0, Math.max(goodEnd, MAGIC.length))), `${at}: truncated to the last good record`).toBe(true);

      await writer.append({ at: new Date().toISOString(), actor: 'tester', type: CASE_UPDATED, data: { changes: [{ field: 'owner', from: '', to: `after ${cut}` }] } });
      await writer.close();
      const verified = await vault.verifyCase(caseId);
      expect(verified, at).toMatchObject({ ok: true, records: kept + 1, tornTail: null, problems: [] });
      expect(statSync(lockPath(dir, caseId), { throwIfNoEntry: false }), `${at}: lock released`).toBeUndefined();
    }
    // Every byte except the record boundaries (and the empty file) is inside a record.
    expect(tornSeen).toBe(original.length + 1 - boundaries.length - 1);
    vault.lock();
  });
});
