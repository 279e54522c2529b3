import Dexie, { type EntityTable, type Table } from 'dexie';
import type { AuditEntry, ChainVerification } from '../../shared/domain/audit';
import type { CaseRecord } from '../../shared/domain/case';

/**
 * The renderer's read model: a rebuildable cache of what the engine returned.
 * Nothing here is the source of truth; locking deletes the whole database.
 */
export const DB_NAME = 'casebook';

export type ReadModel = Dexie & {
  cases: EntityTable<CaseRecord, 'id'>;
  /** Keyed by [caseId, seq]. */
  audit: Table<AuditEntry, [string, number]>;
  verifications: EntityTable<ChainVerification, 'caseId'>;
  /** Cases the engine listed but could not read, with its reason, so one bad case never hides silently. */
  unreadable: EntityTable<UnreadableCase, 'caseId'>;
};

export interface UnreadableCase {
  caseId: string;
  message: string;
}

export const db = new Dexie(DB_NAME) as ReadModel;

db.version(1).stores({
  cases: 'id, updatedAt',
  audit: '[caseId+seq], caseId',
  verifications: 'caseId',
  unreadable: 'caseId',
});
