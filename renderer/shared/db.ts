import Dexie, { type EntityTable } from 'dexie';
import type { AuditEntry, ChainVerification } from '../../shared/domain/audit';
import type { CaseRecord } from '../../shared/domain/case';

/**
 * The renderer's read model: a rebuildable cache of what the engine returned.
 * Nothing here is the source of truth; locking deletes the whole database.
 */
export const DB_NAME = 'casebook';

export type ReadModel = Dexie & {
  cases: EntityTable<CaseRecord, 'id'>;
  audit: EntityTable<AuditEntry>;
  verifications: EntityTable<ChainVerification, 'caseId'>;
};

export const db = new Dexie(DB_NAME) as ReadModel;

db.version(1).stores({
  cases: 'id, updatedAt',
  audit: '[caseId+seq], caseId',
  verifications: 'caseId',
});
