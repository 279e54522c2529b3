import type { ActionRecord, AlertRecord, EntityRecord, EvidenceRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { CaseRecord } from '../../../shared/domain/case';
import type { CaseCounts } from '../../../shared/ipc/contract';
import type { JournalRecord } from './records/journal-record';
import { IMPORT_COMMITTED, IMPORT_RECORDS, type EventEntityTable, type ImportCommittedData, type RunRef } from './records/import-records';
import { mergeEntity } from '../../../shared/domain/entity-merge';
import { CASE_UPDATED, replayCase } from './case-model';
import { eventEntityCount, eventEntityRecords } from './event-entity-table';
import { ACTION_PROPOSED } from './records/action-records';
import { EVIDENCE_ADDED } from './records/evidence-records';
import { noteCount } from '../story/story-state';
import { INDICATOR_ADDED, INDICATORS_MATCHED, type IndicatorAddedData, type IndicatorsMatchedData } from '../indicators/indicator-records';

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
  /** Actions proposed in Casebook (action.proposed records; actions/action-state.ts replays them whole). */
  proposedActions: number;
  evidence: Map<string, EvidenceRecord>;
  /** Evidence items added by hand (evidence/evidence-state.ts has them); counted with the imports' evidence. */
  evidenceItems: number;
  runs: RunRef[];
  imports: ImportCommittedData[];
  /** Matches the latest matching run found (indicators/indicator-records.ts). */
  matches: number;
  /** Notes written (story/story-state.ts); an edit is not a new note. */
  notes: number;
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

/** The case's state, replayed from its records (each call replays anew; ReplayCache keeps the last one). */
export function replayState(caseId: string, records: readonly JournalRecord[]): CaseState {
  return computeState(caseId, records);
}

/**
 * Replays memoized per journal (its record array) and length: journals only
 * grow, so a journal whose length did not change has the same state. One
 * cache per engine (its case registry builds it and hands it to the services
 * that replay), so two engines in one process never share states.
 */
export class ReplayCache {
  private readonly memo = new WeakMap<readonly JournalRecord[], { length: number; state: CaseState }>();

  /** The case's state; treat it as read-only (it is shared with the next caller). */
  stateOf(caseId: string, records: readonly JournalRecord[]): CaseState {
    const hit = this.memo.get(records);
    if (hit && hit.length === records.length) return hit.state;
    // Field edits since the last replay change only the case record: its records and counts stay (an edit of a large case stays cheap).
    const onlyEdits = hit !== undefined && records.slice(hit.length).every((r) => r.type === CASE_UPDATED);
    const state = onlyEdits ? withCase(hit.state, replayCase(caseId, records)) : computeState(caseId, records);
    this.memo.set(records, { length: records.length, state });
    return state;
  }
}

/** The state with another case record; its entities stay made on first use, by the state they come from. */
function withCase(state: CaseState, record: CaseRecord): CaseState {
  const { alerts, entitiesAtMost, indicators, actions, proposedActions, evidence, runs, imports, matches, pagedEntities, notes } = state;
  return {
    case: record,
    alerts,
    get entities() {
      return state.entities;
    },
    entitiesAtMost,
    indicators,
    actions,
    proposedActions,
    evidence,
    runs,
    imports,
    matches,
    pagedEntities,
    evidenceItems: state.evidenceItems,
    notes,
  };
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
  let matches = 0;
  let pagedEntities = 0;
  let proposedActions = 0;
  let evidenceItems = 0;
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
      for (const page of data.entityPages ?? []) pagedEntities += page.count;
      imports.push(data);
    } else if (r.type === INDICATOR_ADDED) {
      const { indicator } = r.data as IndicatorAddedData;
      indicators.set(indicator.id, indicator);
    } else if (r.type === INDICATORS_MATCHED) {
      matches = (r.data as IndicatorsMatchedData).run.total;
    } else if (r.type === ACTION_PROPOSED) {
      proposedActions += r.data.actions.length;
    } else if (r.type === EVIDENCE_ADDED) {
      evidenceItems++;
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
    proposedActions,
    evidence,
    evidenceItems,
    runs,
    imports,
    matches,
    notes: noteCount(records),
  };
}

export function countsOf(state: CaseState): CaseCounts {
  return {
    events: state.runs.reduce((sum, r) => sum + r.count, 0),
    alerts: state.alerts.size,
    // Entities in pages are counted per import: the entity service (entities.list) gives the exact distinct total.
    entities: state.entities.size + state.pagedEntities,
    indicators: state.indicators.size,
    actions: state.actions.size + state.proposedActions,
    evidence: state.evidence.size + state.evidenceItems,
    matches: state.matches,
    notes: state.notes,
  };
}
