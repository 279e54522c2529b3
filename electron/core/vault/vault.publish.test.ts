import { describe, expect, it } from 'vitest';
import { promises as fs, readdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { Vault, STAGED_GRACE_MS } from './vault';
import { writePublishNote } from './publish-note';
import { caseCreated } from '../../../tests/unit/support/journal-entries';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();

const first = (title: string) => caseCreated(title, '2026-01-01T00:00:00.000Z');

const age = (file: string) => {
  const then = new Date(Date.now() - 2 * STAGED_GRACE_MS);
  utimesSync(file, then, then);
};

/**
 * The cases of one file's incidents are published together: a crash between
 * their renames must not leave some of them listed and not the others.
 */
describe('vault: publishing several staged cases as one', () => {
  it('lists none of them while their publish note exists; a sweep finishes a crashed publish once the note is old', async () => {
    const dir = tempDir();
    const vault = await Vault.create(dir, 'publish test', { kdfN: TEST_KDF.N });
    const staged = [await vault.stageCase(first('One')), await vault.stageCase(first('Two'))];
    for (const s of staged) await s.journal.close();

    // A crash after the note and the first rename, before the second.
    const note = await writePublishNote(
      vault.casesDir,
      staged.map((s) => s.caseId),
    );
    await fs.rename(staged[0]!.dir, vault.caseDir(staged[0]!.caseId));
    expect(await vault.listCaseIds()).toEqual([]);

    // The note is recent (its writer may still be renaming): its staged case is not swept, however old.
    age(staged[1]!.dir);
    expect(await vault.sweepStaged()).toEqual([]);
    expect(await vault.listCaseIds()).toEqual([]);
    expect(readdirSync(vault.casesDir)).toContain(path.basename(staged[1]!.dir));

    age(note);
    await vault.sweepStaged();
    expect(await vault.listCaseIds()).toEqual(staged.map((s) => s.caseId).sort());
    expect(readdirSync(vault.casesDir).filter((n) => n.startsWith('.'))).toEqual([]);
    for (const s of staged) expect(await vault.verifyCase(s.caseId)).toMatchObject({ ok: true, records: 1 });
    vault.lock();
  });

  it('publishCases moves them all into place and leaves no note', async () => {
    const dir = tempDir();
    const vault = await Vault.create(dir, 'publish test', { kdfN: TEST_KDF.N });
    const staged = [await vault.stageCase(first('One')), await vault.stageCase(first('Two')), await vault.stageCase(first('Three'))];
    await vault.publishCases(staged);
    expect(await vault.listCaseIds()).toEqual(staged.map((s) => s.caseId).sort());
    expect(readdirSync(vault.casesDir).filter((n) => n.startsWith('.'))).toEqual([]);
    vault.lock();
  });
});
