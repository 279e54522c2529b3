import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CasebookError } from '../../../shared/ipc/errors';
import { KEY_BYTES } from './aead';
import { fsyncDir, writeFileAtomic } from '../fs/atomic-write';
import { CaseJournal, LOCK_FILE, syncNewCaseDir } from './case-journal';
import { CaseLock } from './case-lock';
import { CASE_KEY_FILE, caseKeyJson } from './case-key-file';
import type { JournalEntry } from '../cases/records/journal-record';
import { withManifestLock } from './vault-manifest';
import { removePublishNote, writePublishNote } from './publish-note';
import type { VaultHandle } from './vault-handle';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';

/**
 * How a case comes to exist: built under its dot-name (`cases/.<id>.new`) with its
 * key and first record, invisible to every reader, then published by one rename and
 * its manifest entry. An import that creates cases fills them while staged and
 * publishes them only once it succeeded.
 */

/** A case being built (by an import) under its dot-name, invisible until published. */
export interface StagedCase {
  caseId: string;
  dir: string;
  key: Buffer;
  journal: CaseJournal;
}

/** Builds a case under its dot-name, with its own random data key; the staged journal is open for writing. */
export async function stageCase(vault: VaultHandle, first: JournalEntry, caseId: string, diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<StagedCase> {
  const key = randomBytes(KEY_BYTES);
  const dir = path.join(vault.casesDir, `.${caseId}.new`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Locked from the start, so a sweep in another process (sweepStaged) can tell it is being built.
  const lock = await CaseLock.acquire(path.join(dir, LOCK_FILE), caseId, diagnostics);
  try {
    await writeFileAtomic(path.join(dir, CASE_KEY_FILE), caseKeyJson(vault.key(), caseId, key));
    await CaseJournal.create(dir, caseId, key, first);
    await syncNewCaseDir(dir);
    vault.rememberCaseKey(caseId, key);
    return { caseId, dir, key, journal: await CaseJournal.open(dir, caseId, key, 'write', lock, undefined, diagnostics) };
  } catch (err) {
    // Never published: nothing of it is anyone else's (a first record too large to be read back ends here).
    await lock.release();
    await fs.rm(dir, { recursive: true, force: true }).catch(diagnostics.swallow('vault.stage-cleanup', { caseId }));
    throw err;
  }
}

/**
 * Makes a staged case a case: one rename, then its manifest entry (under the
 * manifest lock, so a key rotation cannot run between them). A crash between
 * the two leaves a case the manifest does not list yet; the next unlock adds it.
 */
export async function publishCase(vault: VaultHandle, staged: StagedCase): Promise<void> {
  await staged.journal.close();
  await withManifestLock(vault.dir, async () => {
    await vault.assertKeyCurrent();
    const manifest = await vault.usableManifest();
    await fs.rename(staged.dir, vault.caseDir(staged.caseId));
    await fsyncDir(vault.casesDir);
    const entry = { records: staged.journal.lastSeq, head: staged.journal.headTag!.toString('hex'), at: new Date().toISOString() };
    await vault.manifest.write({ ...manifest, cases: { ...manifest.cases, [staged.caseId]: entry } });
  });
}

/**
 * Publishes staged cases all or none (publish-note.ts). Their journals are
 * closed first, so a failure there publishes none; a rename that fails puts
 * back those already moved, and the caller discards them all.
 */
export async function publishCases(vault: VaultHandle, staged: readonly StagedCase[], diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<void> {
  if (staged.length <= 1) {
    for (const s of staged) await publishCase(vault, s);
    return;
  }
  for (const s of staged) await s.journal.close();
  await withManifestLock(vault.dir, async () => {
    await vault.assertKeyCurrent();
    const manifest = await vault.usableManifest();
    const note = await writePublishNote(
      vault.casesDir,
      staged.map((s) => s.caseId),
    );
    const moved: StagedCase[] = [];
    try {
      for (const s of staged) {
        await fs.rename(s.dir, vault.caseDir(s.caseId));
        moved.push(s);
      }
      await fsyncDir(vault.casesDir);
    } catch (err) {
      for (const s of moved.reverse()) await fs.rename(vault.caseDir(s.caseId), s.dir).catch(diagnostics.swallow('vault.publish-undo', { caseId: s.caseId }));
      await removePublishNote(note).catch(diagnostics.swallow('vault.publish-note-remove'));
      throw new CasebookError('internal', `could not publish ${staged.length} new cases together (${(err as Error).message}); none was published`);
    }
    // A crash before this write leaves cases the manifest does not list yet: they are taken as they are, then recorded.
    const at = new Date().toISOString();
    const cases = { ...manifest.cases };
    for (const s of staged) cases[s.caseId] = { records: s.journal.lastSeq, head: s.journal.headTag!.toString('hex'), at };
    await vault.manifest.write({ ...manifest, cases });
    await removePublishNote(note);
  });
}
