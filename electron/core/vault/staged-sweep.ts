import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LOCK_FILE } from './case-journal';
import { lockState } from './case-lock';
import { fsyncDir } from '../fs/atomic-write';
import { readPublishNotes, removePublishNote } from './publish-note';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';

/** How long an unlocked staged case folder must be untouched before a sweep takes it for a crash's leftover. */
export const STAGED_GRACE_MS = 60_000;

/** A case folder's name: a case id (staged ones are dot-names). */
export const isCaseId = (name: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(name);

/**
 * Removes staged cases left by a crash (their builder is gone). A builder
 * locks its staged folder from just after the mkdir to just before the
 * rename; a folder locked by a dead process is a leftover. One without a
 * readable lock may be another process in those two moments, so it is left
 * alone until untouched for STAGED_GRACE_MS. The sweep never takes the lock
 * itself: its lock file would travel with the folder if the builder
 * published it at that instant, locking the new case to this process.
 */
export async function sweepStagedCases(casesDir: string, diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<string[]> {
  const listing = diagnostics.swallow('vault.sweep-list', {}, { fallback: [] as string[], expected: ['ENOENT'] });
  let names = await fs.readdir(casesDir).catch(listing);
  const publishing = await finishPublishing(casesDir, names, diagnostics);
  if (publishing.finished) names = await fs.readdir(casesDir).catch(listing);
  const removed: string[] = [];
  for (const name of names) {
    if (/^\..+\.trash$/.test(name)) {
      // An earlier sweep's leftover: only sweeps make these.
      await fs.rm(path.join(casesDir, name), { recursive: true, force: true }).catch(diagnostics.swallow('vault.sweep-trash'));
      continue;
    }
    const id = /^\.(.+)\.new$/.exec(name)?.[1];
    if (!id || !isCaseId(id) || publishing.inFlight.has(id)) continue;
    const dir = path.join(casesDir, name);
    const lock = await lockState(path.join(dir, LOCK_FILE));
    if (lock === 'held') continue;
    if (lock !== 'stale') {
      const stat = await fs.stat(dir).catch(diagnostics.swallow('vault.sweep-stat', { caseId: id }, { fallback: null, expected: ['ENOENT'] }));
      if (!stat || Date.now() - stat.mtimeMs < STAGED_GRACE_MS) continue;
    }
    // Moved aside before deleting, so that should it be published at this instant after all,
    // one of the two renames fails and nothing is lost.
    const trash = `${dir}.${randomBytes(4).toString('hex')}.trash`;
    try {
      await fs.rename(dir, trash);
    } catch (err) {
      // Published or swept by another process meanwhile (ENOENT), or not ours to move.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') diagnostics.record('vault.sweep-move', err, { caseId: id });
      continue;
    }
    await fs.rm(trash, { recursive: true, force: true });
    removed.push(id);
  }
  return removed;
}

/**
 * Finishes the publishes of several cases a crash interrupted: a note older
 * than STAGED_GRACE_MS (its writer is done or dead) gets its remaining
 * renames, then goes. The cases of a newer note are in flight: not swept.
 */
async function finishPublishing(casesDir: string, names: readonly string[], diagnostics: Diagnostics): Promise<{ finished: boolean; inFlight: Set<string> }> {
  const inFlight = new Set<string>();
  let finished = false;
  for (const note of await readPublishNotes(casesDir, names)) {
    if (Date.now() - note.mtimeMs < STAGED_GRACE_MS) {
      for (const id of note.caseIds) inFlight.add(id);
      continue;
    }
    for (const id of note.caseIds.filter(isCaseId)) {
      // Already renamed before the crash: ENOENT is the normal case.
      await fs
        .rename(path.join(casesDir, `.${id}.new`), path.join(casesDir, id))
        .catch(diagnostics.swallow('vault.publish-finish', { caseId: id }, { expected: ['ENOENT'] }));
    }
    await fsyncDir(casesDir);
    await removePublishNote(note.file);
    finished = true;
  }
  return { finished, inFlight };
}
