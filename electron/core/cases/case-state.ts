import type { ActionRecord, AlertRecord, EntityRecord, EvidenceRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { CaseRecord } from '../../../shared/domain/case';
import type { CaseCounts } from '../../../shared/ipc/contract';
import type { JournalRecord } from './records/journal-record';
import { IMPORT_COMMITTED, IMPORT_RECORDS, type EventEntityTable, type ImportCommittedData, type RunRef } from './records/import-records';
import { replayCase } from './case-model';
import { eventEntityCount, eventEntityRecords } from './event-entity-table';

export interface CaseState {
  case: CaseRecord;
  alerts: Map<string, AlertRecord>;
  /**
   * Every entity, made when first asked for: a large import journals 100,000
   * entities as tables, and an import's answer only needs to know how many
   * there are at most (entitiesAtMost), not to make them.
   */
  readonly entities: Map<string, EntityRecord>;
  /** The number of entities, or more when imports name the same ones; known without making them. */
  entitiesAtMost: number;
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
  for (const r of records) if (r.type === IMPORT_COMMITTED) runs.push(...r.data.runs);
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
  for (const r of records) if (r.type === IMPORT_COMMITTED) committed.add(r.data.importId);

  const alerts = new Map<string, AlertRecord>();
  const indicators = new Map<string, IndicatorRecord>();
  const actions = new Map<string, ActionRecord>();
  const evidence = new Map<string, EvidenceRecord>();
  const runs: RunRef[] = [];
  const imports: ImportCommittedData[] = [];
  const entityBatches: EntityBatch[] = [];
  let entitiesAtMost = 0;
  for (const r of records) {
    if (r.type === IMPORT_RECORDS) {
      const { data } = r;
      if (!committed.has(data.importId)) continue;
      for (const a of data.alerts ?? []) alerts.set(a.id, a);
      for (const i of data.indicators ?? []) indicators.set(i.id, i);
      for (const a of data.actions ?? []) actions.set(a.id, a);
      if (data.entities || data.eventEntities) {
        entityBatches.push({ seq: r.seq, records: data.entities, table: data.eventEntities });
        entitiesAtMost += (data.entities?.length ?? 0) + eventEntityCount(data.eventEntities);
      }
    } else if (r.type === IMPORT_COMMITTED) {
      const { data } = r;
      evidence.set(data.evidence.id, data.evidence);
      runs.push(...data.runs);
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
    entities: state.entities.size,
    indicators: state.indicators.size,
    actions: state.actions.size,
    evidence: state.evidence.size,
  };
}
