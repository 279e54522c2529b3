import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CasebookError } from '../../../shared/ipc/errors';
import { MAGIC } from './journal-format';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { testRandom } from '../../../tests/unit/support/seeded-random';
import { createVault, journalPath, lockPath, makeEditedCase, recordSpans, type Call, type RecordSpan } from '../../../tests/unit/support/vault-fixture';

const tempDir = useTempDirs();

/**
 * Damage in the middle of a journal is not a crash: it is a bad disk or someone
 * editing the file. Every such change must be caught, named by byte offset and
 * record number, and must leave the file as it was (evidence), while the
 * vault's other cases carry on.
 */
describe('journal: damage and tampering are always detected', () => {
  let dir: string;
  let call: Call;
  let victim: string;
  let bystander: string;
  let original: Buffer;
  let spans: RecordSpan[];
  let foreign: Buffer;

  // A fresh vault per test: the temporary folder is removed after each one.
  beforeEach(async () => {
    dir = tempDir();
    ({ call } = await createVault(dir));
    victim = await makeEditedCase(call, 'Victim', 6);
    bystander = await makeEditedCase(call, 'Bystander', 6);
    original = readFileSync(journalPath(dir, victim));
    spans = recordSpans(original);
    foreign = readFileSync(journalPath(dir, bystander));
  });

  /** The record (seq, offset) that the damage at `byte` must be blamed on; the signature is "record 0" at byte 0. */
  const blamed = (byte: number) => {
    const span = spans.find((s) => byte >= s.offset && byte < s.offset + s.bytes);
    return span ? { seq: span.seq, offset: span.offset } : { seq: 0, offset: 0 };
  };

  /** Writes the damaged bytes, checks every way in reports it at `expected`, then restores the journal. */
  async function expectDetected(
    damaged: Buffer,
    expected: { offset: number; seq: number },
    what: string,
    { everyPath = true }: { everyPath?: boolean } = {},
  ): Promise<void> {
    const file = journalPath(dir, victim);
    writeFileSync(file, damaged);
    try {
      // Opening for writing (the workspace) refuses, naming where.
      const error = await call('cases.open', { id: victim }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error, `${what}: cases.open must refuse`).toBeInstanceOf(CasebookError);
      expect((error as CasebookError).code, what).toBe('corrupt');
      expect((error as CasebookError).message, what).toContain(`damaged at byte ${expected.offset} (record ${expected.seq})`);
      // Editing through the CLI path refuses too, and reading is no way around it.
      if (everyPath) await expect(call('cases.update', { id: victim, patch: { owner: 'x' } }), what).rejects.toMatchObject({ code: 'corrupt' });
      if (everyPath) await expect(call('audit.list', { caseId: victim }), what).rejects.toMatchObject({ code: 'corrupt' });

      const verification = await call('audit.verify', { caseId: victim });
      expect(verification.ok, what).toBe(false);
      expect(verification.tornTail, `${what}: damage is never taken for a crash`).toBeNull();
      expect(verification.problems, what).toEqual([expect.objectContaining(expected)]);
      expect(verification.records, `${what}: records before the damage still verify`).toBe(expected.seq === 0 ? 0 : expected.seq - 1);

      // The failed opens changed nothing and left no lock behind.
      expect(readFileSync(file).equals(damaged), `${what}: the damaged file is kept as it is`).toBe(true);
      expect(existsSync(lockPath(dir, victim)), `${what}: no lock left`).toBe(false);

      if (!everyPath) return;
      // The other case is untouched; the list shows it and names the damaged one.
      const list = await call('cases.list', {});
      expect(
        list.cases.map((c) => c.id),
        what,
      ).toEqual([bystander]);
      expect(
        list.unreadable.map((u) => u.caseId),
        what,
      ).toEqual([victim]);
      expect(list.unreadable[0]!.message, what).toContain(`byte ${expected.offset}`);
      expect((await call('cases.open', { id: bystander })).verification.ok, what).toBe(true);
      await call('cases.close', { id: bystander });
    } finally {
      writeFileSync(file, original);
    }
  }

  it('catches a single flipped bit anywhere in the file (600 random positions)', async () => {
    const random = testRandom('journal bit flips');
    for (let i = 0; i < 600; i++) {
      const byte = random.int(0, original.length - 1);
      const bit = random.int(0, 7);
      const damaged = Buffer.from(original);
      damaged[byte]! ^= 1 << bit;
      await expectDetected(damaged, blamed(byte), `flip ${i}: bit ${bit} of byte ${byte} (seed ${random.seed})`);
    }
    // The journal is whole again afterwards: the damage was never "repaired" into it.
    expect(await call('audit.verify', { caseId: victim })).toMatchObject({ ok: true, records: 7 });
  });

  it('catches a flip of every bit of the file signature and of every record header', async () => {
    // Random positions rarely land in these few bytes, and a bad length is the one
    // damage that could pass for a torn tail if the length were not checked.
    const headerBytes = [...Array.from({ length: MAGIC.length }, (_, i) => i), ...spans.flatMap((s) => Array.from({ length: 8 }, (_, i) => s.offset + i))];
    for (const byte of headerBytes) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = Buffer.from(original);
        damaged[byte]! ^= 1 << bit;
        // The random flips above take every path; here the open, the verify and the file suffice.
        await expectDetected(damaged, blamed(byte), `bit ${bit} of byte ${byte}`, { everyPath: false });
      }
    }
  });

  const record = (seq: number) => original.subarray(spans[seq - 1]!.offset, spans[seq - 1]!.offset + spans[seq - 1]!.bytes);
  const before = (seq: number) => original.subarray(0, spans[seq - 1]!.offset);
  const after = (seq: number) => original.subarray(spans[seq - 1]!.offset + spans[seq - 1]!.bytes);
  const at = (seq: number) => ({ seq, offset: spans[seq - 1]!.offset });

  it('catches two records swapped, at the first of them', async () => {
    const swapped = Buffer.concat([before(3), record(4), record(3), after(4)]);
    await expectDetected(swapped, at(3), 'records 3 and 4 swapped');
  });

  it('catches a record deleted from the middle, where its successor now sits', async () => {
    const deleted = Buffer.concat([before(3), after(3)]);
    await expectDetected(deleted, at(3), 'record 3 deleted');
  });

  it('catches a duplicated record, at the copy', async () => {
    const duplicated = Buffer.concat([before(4), record(3), after(3)]);
    await expectDetected(duplicated, at(4), 'record 3 duplicated');
  });

  it('catches a record spliced in from another case of the same vault', async () => {
    const foreignSpans = recordSpans(foreign);
    const theirs = (seq: number) => foreign.subarray(foreignSpans[seq - 1]!.offset, foreignSpans[seq - 1]!.offset + foreignSpans[seq - 1]!.bytes);
    // Same position in the other chain, so only the case binding can catch it.
    await expectDetected(Buffer.concat([before(3), theirs(3), after(3)]), at(3), 'record 3 replaced by the other case’s record 3');
    // Appended at the end, where a crash would leave a torn record: still corruption, not a torn tail.
    await expectDetected(Buffer.concat([original, theirs(7)]), { seq: 8, offset: original.length }, 'the other case’s record 7 appended');
    // The other case's whole journal in place of this one.
    await expectDetected(Buffer.from(foreign), at(1), 'the whole journal of the other case');
  });

  it('catches a record replaced by an older record of the same case (replay)', async () => {
    const replayed = Buffer.concat([before(6), record(2), after(6)]);
    await expectDetected(replayed, at(6), 'record 6 replaced by record 2');
  });
});
