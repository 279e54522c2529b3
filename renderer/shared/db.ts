import Dexie, { type EntityTable, type Table } from 'dexie';
import type { AuditEntry, ChainVerification } from '../../shared/domain/audit';
import type { CaseRecord } from '../../shared/domain/case';
import type { ActionRecord, AlertRecord, EntityRecord, EvidenceRecord, IndicatorRecord } from '../../shared/domain/records';
import type { CaseCounts } from '../../shared/ipc/contract';

/**
 * The renderer's read model: a rebuildable cache of what the engine returned.
 * Nothing here is the source of truth; locking deletes the whole database.
 * Timeline events are not here: the engine keeps them and answers queries.
 */
export const DB_NAME = 'casebook';

/** Case records are keyed by [caseId, id]: ids are stable hashes, so one alert or entity imported into two cases has the same id in both. */
export type CaseKey = [string, string];

export type ReadModel = Dexie & {
  cases: EntityTable<CaseRecord, 'id'>;
  /** Keyed by [caseId, seq]. */
  audit: Table<AuditEntry, [string, number]>;
  verifications: EntityTable<ChainVerification, 'caseId'>;
  /** Cases the engine listed but could not read, with its reason, so one bad case never hides silently. */
  unreadable: EntityTable<UnreadableCase, 'caseId'>;
  alerts: Table<AlertRecord, CaseKey>;
  entities: Table<EntityRecord, CaseKey>;
  indicators: Table<IndicatorRecord, CaseKey>;
  actions: Table<ActionRecord, CaseKey>;
  evidence: Table<EvidenceRecord, CaseKey>;
  /** How many records of each kind a case holds (events included), as the engine last said. */
  counts: EntityTable<CachedCounts, 'caseId'>;
};

export interface UnreadableCase {
  caseId: string;
  message: string;
}

export interface CachedCounts extends CaseCounts {
  caseId: string;
  /** The case's revision these counts are of (see CaseRevision in the contract). */
  revision?: number;
}

/** The tables of curated case records, in the order a ChangeSet names them. */
export const RECORD_TABLES = ['alerts', 'entities', 'indicators', 'actions', 'evidence'] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

export const db = new Dexie(DB_NAME) as ReadModel;

db.version(1).stores({
  cases: 'id, updatedAt',
  audit: '[caseId+seq], caseId',
  verifications: 'caseId',
  unreadable: 'caseId',
});

db.version(2).stores({
  alerts: '[caseId+id], caseId',
  entities: '[caseId+id], caseId',
  indicators: '[caseId+id], caseId',
  actions: '[caseId+id], caseId',
  evidence: '[caseId+id], caseId',
  counts: 'caseId',
});
