import type { ActionRecord, AlertRecord, EntityRecord, EvidenceRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { ImportCounts, SkippedRecord } from '../../../shared/domain/import';
import type { CaseRecord } from '../../../shared/domain/case';
import type { CaseCounts } from '../../../shared/ipc/contract';
import type { JournalRecord } from '../vault/journal-format';
import type { RunRef } from '../timeline/timeline-writer';
import { replayCase } from './case-model';
import { eventEntityCount, eventEntityRecords, type EventEntityTable } from './event-entity-table';
import type { EntityPageRef } from '../entities/entity-pages';

/**
 * Imports write their records in batches ('import.records') and then one
 * 'import.committed'. Batches count only once their commit is in the journal:
 * an import cut short by a crash or a cancel leaves records that replay ignores,
 * so the case is exactly what it was before that import.
 */
export const IMPORT_RECORDS = 'import.records';
export const IMPORT_COMMITTED = 'import.committed';

export interface ImportRecordsData {
  importId: string;
  alerts?: AlertRecord[];
  entities?: EntityRecord[];
  /** Entities only the import's events name, as one table (event-entity-table.ts): how imports before entity pages kept them. */
  eventEntities?: EventEntityTable;
  indicators?: IndicatorRecord[];
  actions?: ActionRecord[];
}

export interface ImportCommittedData {
  importId: string;
  format: string;
  evidence: EvidenceRecord;
  runs: RunRef[];
  /** Entities only the import's events name, as sealed pages beside the runs (entities/entity-pages.ts). */
  entityPages?: EntityPageRef[];
  counts: ImportCounts;
  skipped: SkippedRecord[];
  skippedTotal: number;
  warnings: string[];
  timezone: string;
  zonelessTimes: number;
}

export interface CaseState {
  case: CaseRecord;
  alerts: Map<string, AlertRecord>;
  /**
   * Every entity, made when first asked for: a large import journals 100,000
   * entities as tables, and an import's answer only needs to know how many
   * there are at most (entitiesAtMost), not to make them.
   */
  readonly entities: Map<string, EntityRecord>;
  /** The number of entities in the journal, or more when imports name the same ones; known without making them. */
  entitiesAtMost: number;
  /** Entities in the imports' entity pages (more than the distinct ones when two imports' events name the same). */
  pagedEntities: number;
  indicators: Map<string, IndicatorRecord>;
  actions: Map<string, ActionRecord>;
  evidence: Map<string, EvidenceRecord>;
  runs: RunRef[];
  imports: ImportCommittedData[];
}

export function mergeEntity(into: EntityRecord, from: EntityRecord): void {
  for (const role of from.roles) if (!into.roles.includes(role)) into.roles.push(role);
  for (const source of from.sources) if (!into.sources.includes(source)) into.sources.push(source);
  into.verdict = from.verdict ?? into.verdict;
  into.remediationStatus = from.remediationStatus ?? into.remediationStatus;
  if (from.firstSeen && (!into.firstSeen || from.firstSeen < into.firstSeen)) into.firstSeen = from.firstSeen;
  if (from.lastSeen && (!into.lastSeen || from.lastSeen > into.lastSeen)) into.lastSeen = from.lastSeen;
  const events = ((into.attributes.events as number) ?? 0) + ((from.attributes.events as number) ?? 0);
  into.attributes = { ...into.attributes, ...from.attributes };
  if (events) into.attributes.events = events;
}

/**
 * The timeline runs of the case's committed imports, in commit order: what
 * replayState(...).runs holds, without replaying every record (opening a
 * timeline needs only these, and a large import journals 100,000 entities).
 */
export function committedRuns(records: readonly JournalRecord[]): RunRef[] {
  const runs: RunRef[] = [];
  for (const r of records) if (r.type === IMPORT_COMMITTED) runs.push(...(r.data as ImportCommittedData).runs);
  return runs;
}

/** Replays are memoized per journal (its record array) and length: journals only grow. */
const memo = new WeakMap<readonly JournalRecord[], { length: number; state: CaseState }>();

/** The case's state; treat it as read-only (it may be shared with the next caller). */
export function replayState(caseId: string, records: readonly JournalRecord[]): CaseState {
  const hit = memo.get(records);
  if (hit && hit.length === records.length) return hit.state;
  const state = computeState(caseId, records);
  memo.set(records, { length: records.length, state });
  return state;
}

/** The entities of a case's committed imports in journal order, the same one merged across imports. */
function mergeEntities(caseId: string, batches: readonly EntityBatch[]): Map<string, EntityRecord> {
  const entities = new Map<string, EntityRecord>();
  const copied = new Set<string>();
  const add = (e: EntityRecord) => {
    const known = entities.get(e.id);
    if (!known) entities.set(e.id, e);
    // Journal records stay in memory: merge into a copy, never into the record itself.
    else if (!copied.has(e.id)) {
      const copy = structuredClone(known);
      entities.set(e.id, copy);
      copied.add(e.id);
      mergeEntity(copy, e);
    } else mergeEntity(known, e);
  };
  for (const { seq, records, table } of batches) {
    for (const e of records ?? []) add(e);
    if (!table) continue;
    let made;
    try {
      made = eventEntityRecords(table, caseId);
    } catch (err) {
      throw new Error(`case ${caseId}, journal record ${seq}: ${(err as Error).message}`);
    }
    for (const e of made) add(e);
  }
  return entities;
}

/** The entities one import.records entry holds: records, a table, or both. */
interface EntityBatch {
  seq: number;
  records?: EntityRecord[];
  table?: EventEntityTable;
}

function computeState(caseId: string, records: readonly JournalRecord[]): CaseState {
  const committed = new Set<string>();
  for (const r of records) if (r.type === IMPORT_COMMITTED) committed.add((r.data as ImportCommittedData).importId);

  const alerts = new Map<string, AlertRecord>();
  const indicators = new Map<string, IndicatorRecord>();
  const actions = new Map<string, ActionRecord>();
  const evidence = new Map<string, EvidenceRecord>();
  const runs: RunRef[] = [];
  const imports: ImportCommittedData[] = [];
  const entityBatches: EntityBatch[] = [];
  let entitiesAtMost = 0;
  let pagedEntities = 0;
  for (const r of records) {
    if (r.type === IMPORT_RECORDS) {
      const data = r.data as ImportRecordsData;
      if (!committed.has(data.importId)) continue;
      for (const a of data.alerts ?? []) alerts.set(a.id, a);
      for (const i of data.indicators ?? []) indicators.set(i.id, i);
      for (const a of data.actions ?? []) actions.set(a.id, a);
      if (data.entities || data.eventEntities) {
        entityBatches.push({ seq: r.seq, records: data.entities, table: data.eventEntities });
        entitiesAtMost += (data.entities?.length ?? 0) + eventEntityCount(data.eventEntities);
      }
    } else if (r.type === IMPORT_COMMITTED) {
      const data = r.data as ImportCommittedData;
      evidence.set(data.evidence.id, data.evidence);
      runs.push(...data.runs);
      for (const page of data.entityPages ?? []) pagedEntities += page.count;
      imports.push(data);
    }
  }
  let entities: Map<string, EntityRecord> | null = null;
  return {
    case: replayCase(caseId, records),
    alerts,
    get entities() {
      return (entities ??= mergeEntities(caseId, entityBatches));
    },
    entitiesAtMost,
    pagedEntities,
    indicators,
    actions,
    evidence,
    runs,
    imports,
  };
}

export function countsOf(state: CaseState): CaseCounts {
  return {
    events: state.runs.reduce((sum, r) => sum + r.count, 0),
    alerts: state.alerts.size,
    // Entities in pages are counted per import: the entity service (entities.list) gives the exact distinct total.
    entities: state.entities.size + state.pagedEntities,
    indicators: state.indicators.size,
    actions: state.actions.size,
    evidence: state.evidence.size,
  };
}
