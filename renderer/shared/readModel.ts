import type { ChainVerification } from '../../shared/domain/audit';
import type { CaseList, ChangeSet, OpenedCase } from '../../shared/ipc/contract';
import { api } from './api';
import { db } from './db';

/**
 * The only code that writes the read model, and only with records the engine
 * returned: the UI never changes data by itself (one write path).
 */

/**
 * Bumped by every wipe. An answer that arrives after the vault was locked
 * belongs to the old session and must not recreate the deleted database.
 */
let generation = 0;
const stillCurrent = (started: number) => started === generation;

/** Sends a command to the engine and puts the records it changed into the read model. */
export async function runCommand(send: () => Promise<ChangeSet>): Promise<ChangeSet> {
  const started = generation;
  const changes = await send();
  if (!stillCurrent(started)) return changes;
  await db.transaction('rw', db.cases, db.audit, async () => {
    if (changes.cases?.length) await db.cases.bulkPut(changes.cases);
    if (changes.audit?.length) await db.audit.bulkPut(changes.audit);
  });
  return changes;
}

/** Replaces the cached case list with the engine's (after unlock), including the cases it could not read. */
export async function loadCaseList(): Promise<CaseList> {
  const started = generation;
  const list = await api.cases.list({});
  if (!stillCurrent(started)) return list;
  await db.transaction('rw', db.cases, db.unreadable, async () => {
    await db.cases.clear();
    await db.cases.bulkPut(list.cases);
    await db.unreadable.clear();
    await db.unreadable.bulkPut(list.unreadable);
  });
  return list;
}

/** Opens a case in the engine and caches it with its whole journal and the chain check. */
export async function openCase(id: string): Promise<OpenedCase> {
  const started = generation;
  const opened = await api.cases.open({ id });
  if (!stillCurrent(started)) return opened;
  await db.transaction('rw', db.cases, db.audit, db.verifications, async () => {
    await db.cases.put(opened.case);
    await db.audit.where('caseId').equals(id).delete();
    await db.audit.bulkPut(opened.audit);
    await db.verifications.put(opened.verification);
  });
  return opened;
}

export async function verifyChain(caseId: string): Promise<ChainVerification> {
  const started = generation;
  const verification = await api.audit.verify({ caseId });
  if (!stillCurrent(started)) return verification;
  await db.verifications.put(verification);
  return verification;
}

/** Forgets everything cached: the database is deleted, not just emptied. */
export async function wipeReadModel(): Promise<void> {
  generation += 1;
  // Reopens on next use (the next unlock) instead of failing with DatabaseClosedError.
  await db.delete({ disableAutoOpen: false });
}
