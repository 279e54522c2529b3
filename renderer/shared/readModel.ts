import type { Table } from 'dexie';
import type { ChainVerification } from '../../shared/domain/audit';
import type { ImportReport } from '../../shared/domain/import';
import type { CaseList, CaseRevision, ChangeSet, EventPayload, Input, OpenedCase } from '../../shared/ipc/contract';
import { api } from './api';
import { db, RECORD_TABLES } from './db';
import { advanceRevision } from './caseRevision';
import { queryClient } from './queryClient';

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
/** Counts being written for a new revision (often from an engine event): a lock waits for them before it deletes the database. */
const revisionWrites = new Set<Promise<unknown>>();

const recordTables = () => RECORD_TABLES.map((name) => db[name]);

/**
 * Takes a case's new revision (from an answer or the case.changed event): the
 * views keyed on it ask the engine again (caseRevision.ts), and its counts are
 * cached. An older revision than the one held changes nothing.
 */
async function takeRevision(revision: CaseRevision): Promise<void> {
  // After a lock (wipeReadModel) nothing is written: a write would open the deleted database again.
  const started = generation;
  advanceRevision(queryClient, revision);
  if (!stillCurrent(started)) return;
  // The counts row is written whenever it is older than this revision, even when the stamp was already advanced
  // (a view's own cases.summary can bring the same revision first): views that read the counts row wait for it.
  const write = db.transaction('rw', db.counts, async () => {
    const held = await db.counts.get(revision.caseId);
    if (held?.revision !== undefined && held.revision >= revision.revision) return;
    await db.counts.put({ caseId: revision.caseId, ...revision.counts, revision: revision.revision });
  });
  revisionWrites.add(write);
  try {
    await write;
  } finally {
    revisionWrites.delete(write);
  }
}

/** Puts every record of a ChangeSet into the read model, in one transaction, then takes the cases' new revisions. */
async function writeChanges(changes: ChangeSet): Promise<void> {
  await db.transaction('rw', [db.cases, db.audit, ...recordTables()], async () => {
    if (changes.cases?.length) await db.cases.bulkPut(changes.cases);
    if (changes.audit?.length) await db.audit.bulkPut(changes.audit);
    for (const name of RECORD_TABLES) {
      const records = changes[name];
      if (records?.length) await (db[name] as Table<unknown>).bulkPut(records);
    }
  });
  // After the records are in: a view that asks again at the new revision reads them too.
  for (const revision of changes.revisions ?? []) await takeRevision(revision);
}

/** Sends a command to the engine and puts the records it changed into the read model. */
export async function runCommand(send: () => Promise<ChangeSet>): Promise<ChangeSet> {
  const started = generation;
  const changes = await send();
  if (!stillCurrent(started)) return changes;
  await writeChanges(changes);
  return changes;
}

/**
 * Imports one file (all or nothing, in the engine) and caches what it changed:
 * the answer carries each case's new audit entries, records, counts and
 * revision, so an open case is not read again; its timeline follows the revision.
 */
export async function importFile(input: Input<'import.start'>): Promise<ImportReport> {
  const started = generation;
  const { report, changes } = await api.import.start(input);
  if (!stillCurrent(started)) return report;
  await writeChanges(changes);
  return report;
}

/**
 * The engine's case.changed event: a change made by this window (its answer
 * says the same, whichever comes first) or by another. Advances the case's
 * revision, so the views keyed on it ask again.
 */
export async function caseChanged({ caseId, revision, counts }: EventPayload<'case.changed'>): Promise<void> {
  await takeRevision({ caseId, revision, counts });
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

/**
 * Accepts by hand the present state of a case the vault manifest refuses (or,
 * without a case, begins a missing or damaged manifest again), then reads the
 * case list again: the case is back in it, or the deleted one gone.
 */
export async function acceptVaultState(caseId: string | null): Promise<string> {
  const { accepted } = await api.vault.acceptState(caseId ? { caseId } : {});
  await loadCaseList();
  return accepted;
}

/** Opens a case in the engine and caches it with its whole journal, its records, its revision and counts, and the chain check. */
export async function openCase(id: string): Promise<OpenedCase> {
  const started = generation;
  const opened = await api.cases.open({ id });
  if (!stillCurrent(started)) return opened;
  await db.transaction('rw', [db.cases, db.audit, db.verifications, ...recordTables()], async () => {
    await db.cases.put(opened.case);
    await db.audit.where('caseId').equals(id).delete();
    await db.audit.bulkPut(opened.audit);
    await db.verifications.put(opened.verification);
    for (const name of RECORD_TABLES) {
      const table = db[name] as Table<unknown>;
      await table.where('caseId').equals(id).delete();
      await table.bulkPut(opened[name]);
    }
  });
  await takeRevision({ caseId: id, revision: opened.revision, counts: opened.counts });
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
  queryClient.clear();
  // A write still under way would open the deleted database again; none starts once the generation moved on.
  await Promise.allSettled([...revisionWrites]);
  // Reopens on next use (the next unlock) instead of failing with DatabaseClosedError.
  await db.delete({ disableAutoOpen: false });
}
