import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Vault } from './vault';
import { MAGIC } from './journal-format';
import { HEAD_FILE } from './journal-head';
import { withManifestLock } from './vault-manifest';
import { ownerEdit as edit } from '../../../tests/unit/support/journal-entries';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { createVault, journalPath, lockPath, makeEditedCase, PASS, recordSpans } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

/**
 * A crash can cut the journal anywhere: the last write may be half on disk.
 * Whatever the cut, the records before it must survive, the partial one must be
 * dropped (and said so), and the case must take new records afterwards.
 *
 * The cuts here go through every byte of a journal, so they are checked by the
 * chain alone, as a journal without a head is (its head, which would call most
 * of these cuts what they are, is removed first; the head has its own tests below).
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
    // The vault manifest would call most of these cuts rollbacks too (its own tests are in
    // vault.manifest.test.ts): it forgets the case here, as it would one from before manifests.
    const manifest = await vault.manifest.read();
    if (typeof manifest === 'string') throw new Error(`manifest ${manifest}`);
    await withManifestLock(dir, () => vault.manifest.write({ ...manifest, cases: {} }));

    // A record "survives" a cut only if it lies wholly before it.
    const boundaries = [MAGIC.length, ...spans.map((s) => s.offset + s.bytes)];
    let tornSeen = 0;
    for (let cut = 0; cut <= original.length; cut++) {
      const kept = spans.filter((s) => s.offset + s.bytes <= cut).length;
      const goodEnd = cut < MAGIC.length ? 0 : boundaries[kept]!;
      const torn = cut === goodEnd || cut === 0 ? null : { offset: goodEnd, bytes: cut - goodEnd };
      const at = `cut at byte ${cut} of ${original.length}`;

      writeFileSync(file, original.subarray(0, cut));
      rmSync(headPath(dir, caseId), { force: true });
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

      await writer.append(edit(`after ${cut}`));
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

const headPath = (dir: string, caseId: string) => path.join(path.dirname(journalPath(dir, caseId)), HEAD_FILE);

/** Records cut off at a record boundary leave a valid, shorter chain: the journal's head is what notices. */
describe('journal head: records cut off the end', () => {
  async function closedCase(records: number) {
    const dir = tempDir();
    const { engine, call } = await createVault(dir);
    const caseId = await makeEditedCase(call, 'Head', records - 1);
    await engine.lock();
    const vault = await Vault.unlock(dir, PASS);
    return { dir, caseId, vault, file: journalPath(dir, caseId) };
  }

  it('after a clean close, finds any record cut off its end, reading or writing, and changes nothing', async () => {
    const { dir, caseId, vault, file } = await closedCase(7);
    const spans = recordSpans(readFileSync(file));
    for (const keep of [6, 3, 1]) {
      const original = readFileSync(file);
      const cut = original.subarray(0, spans[keep - 1]!.offset + spans[keep - 1]!.bytes);
      writeFileSync(file, cut);
      for (const mode of ['read', 'write'] as const) {
        await expect(vault.openCase(caseId, mode), `${keep} kept, ${mode}`).rejects.toMatchObject({
          code: 'corrupt',
          message: expect.stringContaining(`the journal was closed with 7 records`),
        });
      }
      expect(await vault.verifyCase(caseId)).toMatchObject({
        ok: false,
        records: keep,
        problems: [{ seq: keep + 1, reason: expect.stringContaining(`but holds ${keep}: records were cut off its end`) }],
      });
      expect(readFileSync(file).equals(cut), 'nothing was repaired away').toBe(true);
      expect(statSync(lockPath(dir, caseId), { throwIfNoEntry: false })).toBeUndefined();
      writeFileSync(file, original);
    }
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: 7 });
    vault.lock();
  });

  it('finds a journal replaced by an older copy of itself', async () => {
    const { caseId, vault, file } = await closedCase(4);
    const older = path.join(path.dirname(file), 'older.cbj');
    copyFileSync(file, older);
    const writer = await vault.openCase(caseId, 'write');
    await writer.append(edit('later'));
    await writer.close();
    copyFileSync(older, file);
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: false, problems: [{ reason: expect.stringContaining('closed with 5 records') }] });
    vault.lock();
  });

  it('while a writer has the case open (or died with it open), protects what was there when it opened, and lets a crash cost only its own last record', async () => {
    const { caseId, vault, file } = await closedCase(5);
    const writer = await vault.openCase(caseId, 'write');
    await writer.append(edit('one'));
    await writer.append(edit('two'));
    // The writer dies here: its lock is ours to release, its head still says "open at 5".
    const spans = recordSpans(readFileSync(file));
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, spans[6]!.offset + 10));
    const reader = await vault.openCase(caseId, 'read');
    expect(reader.records).toHaveLength(6);
    expect(reader.opened.tornTail).toEqual({ offset: spans[6]!.offset, bytes: 10 });
    await reader.close();
    writeFileSync(file, whole.subarray(0, spans[3]!.offset + spans[3]!.bytes));
    await expect(vault.openCase(caseId, 'read')).rejects.toMatchObject({ message: expect.stringContaining('held 5 records when its writer opened it') });
    writeFileSync(file, whole);
    await writer.close();
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: 7 });
    vault.lock();
  });

  it('refuses a damaged head, and checks a journal without one by its chain alone (a case from before heads)', async () => {
    const { dir, caseId, vault } = await closedCase(3);
    const head = readFileSync(headPath(dir, caseId));
    head[head.length - 1]! ^= 1;
    writeFileSync(headPath(dir, caseId), head);
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: false, problems: [{ reason: expect.stringContaining('journal.head failed authentication') }] });
    rmSync(headPath(dir, caseId));
    expect(await vault.verifyCase(caseId)).toMatchObject({ ok: true, records: 3 });
    // The next writer gives it a head again.
    await (await vault.openCase(caseId, 'write')).close();
    expect(readFileSync(headPath(dir, caseId)).length).toBeGreaterThan(0);
    vault.lock();
  });
});
