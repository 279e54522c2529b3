import type { AuditEntry, FieldChange } from '../../../shared/domain/audit';
import { CASE_FIELDS, checkDetermination, type CaseCreate, type CasePatch, type CaseRecord, type CaseStatus } from '../../../shared/domain/case';
import { CasebookError } from '../../../shared/ipc/errors';
import type { JournalRecord } from './records/journal-record';
import { CASE_CREATED, CASE_UPDATED, caseFieldChangeSchema, type CaseFieldChange, type CaseFields } from './records/case-records';
import { ENTITY_SET, entitySetChanges } from '../entities/entity-marks';
import { ACTION_COMPLETED, ACTION_DECIDED, ACTION_PROPOSED } from './records/action-records';
import { actionCompletedChanges, actionDecidedChanges, actionProposedChanges } from '../actions/action-audit';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY, EVIDENCE_LINKED, evidenceAuditChanges } from './records/evidence-records';
import { storyChanges } from '../story/story-state';

/**
 * A case is the replay of its journal: case.created holds its initial fields,
 * each case.updated the changes of one edit (cases/records/case-records.ts).
 */
export { CASE_CREATED, CASE_UPDATED };

type Fields = CaseFields;

const DEFAULTS: Fields = {
  title: '',
  description: '',
  severity: 'medium',
  status: 'new',
  classification: 'unknown',
  determination: 'unknown',
  owner: '',
  tags: [],
  tlp: 'amber',
};

const isClosed = (status: CaseStatus) => status === 'resolved' || status === 'closed';

export function initialFields(input: CaseCreate): Fields {
  const fields: Fields = { ...DEFAULTS, ...input, tags: normalizeTags(input.tags ?? []) };
  const problem = checkDetermination(fields.classification, fields.determination);
  if (problem) throw new CasebookError('invalid-input', problem);
  return fields;
}

function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tag.trim().toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(tag.trim());
    }
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The changes a patch makes to a case, field by field, old → new. Fields that
 * do not change are left out. A classification change that invalidates the
 * current determination resets it to 'unknown', recorded as its own change.
 */
export function diffPatch(current: CaseRecord, patch: CasePatch): CaseFieldChange[] {
  const next: Record<string, unknown> = { ...patch };
  if (patch.tags) next.tags = normalizeTags(patch.tags);
  const classification = patch.classification ?? current.classification;
  let determination = patch.determination ?? current.determination;
  if (patch.determination === undefined && checkDetermination(classification, determination)) {
    determination = 'unknown';
    next.determination = determination;
  }
  const problem = checkDetermination(classification, determination);
  if (problem) throw new CasebookError('invalid-input', `cases.update: patch.determination: ${problem}`);

  const changes: CaseFieldChange[] = [];
  for (const field of CASE_FIELDS) {
    if (!(field in next)) continue;
    const from = current[field];
    const to = next[field];
    // Checked as the journal reader will check it: a change that would not read back is never written.
    if (!same(from, to)) changes.push(caseFieldChangeSchema.parse({ field, from, to }));
  }
  return changes;
}

/** Replays a case's journal into its current state. */
export function replayCase(caseId: string, records: readonly JournalRecord[]): CaseRecord {
  const first = records[0];
  if (!first || first.type !== CASE_CREATED) {
    throw new CasebookError('corrupt', `case ${caseId}: the journal does not start with ${CASE_CREATED}`);
  }
  const { fields: created, origin } = first.data;
  const state: CaseRecord = {
    ...DEFAULTS,
    ...created,
    id: caseId,
    createdAt: first.at,
    updatedAt: first.at,
    resolvedAt: isClosed(created.status) ? first.at : null,
    version: first.seq,
    origin: origin ?? null,
  };
  for (const record of records.slice(1)) {
    if (record.type !== CASE_UPDATED) continue;
    const wasClosed = isClosed(state.status);
    for (const change of record.data.changes) Object.assign(state, { [change.field]: change.to });
    if (!wasClosed && isClosed(state.status)) state.resolvedAt = record.at;
    if (wasClosed && !isClosed(state.status)) state.resolvedAt = null;
    state.updatedAt = record.at;
    state.version = record.seq;
  }
  return state;
}

/** How a journal record reads in the audit trail. */
export function toAuditEntry(caseId: string, record: JournalRecord, tag: Buffer): AuditEntry {
  let changes: FieldChange[] = [];
  if (record.type === CASE_CREATED) {
    changes = Object.entries(record.data.fields).map(([field, to]) => ({ field, from: null, to }));
  } else if (record.type === CASE_UPDATED) {
    changes = record.data.changes;
  } else if (record.type === ENTITY_SET) {
    changes = entitySetChanges(record.data);
  } else if (record.type === ACTION_PROPOSED) {
    changes = actionProposedChanges(record.data);
  } else if (record.type === ACTION_DECIDED) {
    changes = actionDecidedChanges(record.data);
  } else if (record.type === ACTION_COMPLETED) {
    changes = actionCompletedChanges(record.data);
  } else if (record.type === EVIDENCE_ADDED || record.type === EVIDENCE_CUSTODY || record.type === EVIDENCE_LINKED) {
    changes = evidenceAuditChanges(record);
  } else {
    changes = storyChanges(record) ?? [];
  }
  return { caseId, seq: record.seq, at: record.at, actor: record.actor, type: record.type, changes, tag: tag.toString('hex') };
}
