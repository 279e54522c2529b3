import type { ChainVerification } from '../../shared/domain/audit';
import type { CaseRecord } from '../../shared/domain/case';
import type { ChangeSet, OpenedCase } from '../../shared/ipc/contract';
import { api } from './api';
import { db } from './db';

/**
 * The only code that writes the read model, and only with records the engine
 * returned: the UI never changes data by itself (one write path).
 */

export async function applyChangeSet(changes: ChangeSet): Promise<void> {
  await db.transaction('rw', db.cases, db.audit, async () => {
    if (changes.cases?.length) await db.cases.bulkPut(changes.cases);
    if (changes.audit?.length) await db.audit.bulkPut(changes.audit);
  });
}

/** Replaces the cached case list with the engine's (after unlock). */
export async function loadCaseList(): Promise<CaseRecord[]> {
  const cases = await api.cases.list({});
  await db.transaction('rw', db.cases, async () => {
    await db.cases.clear();
    await db.cases.bulkPut(cases);
  });
  return cases;
}

/** Opens a case in the engine and caches it with its whole journal and the chain check. */
export async function openCase(id: string): Promise<OpenedCase> {
  const opened = await api.cases.open({ id });
  await db.transaction('rw', db.cases, db.audit, db.verifications, async () => {
    await db.cases.put(opened.case);
    await db.audit.where('caseId').equals(id).delete();
    await db.audit.bulkPut(opened.audit);
    await db.verifications.put(opened.verification);
  });
  return opened;
}

export async function verifyChain(caseId: string): Promise<ChainVerification> {
  const verification = await api.audit.verify({ caseId });
  await db.verifications.put(verification);
  return verification;
}

/** Forgets everything cached: the database is deleted, not just emptied. */
export async function wipeReadModel(): Promise<void> {
  // Reopens on next use (the next unlock) instead of failing with DatabaseClosedError.
  await db.delete({ disableAutoOpen: false });
}
