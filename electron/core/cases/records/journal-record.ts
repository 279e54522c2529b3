import { z } from 'zod';
import { CASE_CREATED, CASE_UPDATED, caseCreatedSchema, caseUpdatedSchema } from './case-records';
import { IMPORT_COMMITTED, IMPORT_RECORDS, importCommittedSchema, importRecordsSchema } from './import-records';
import { INDICATOR_ADDED, INDICATORS_MATCHED, indicatorAddedSchema, indicatorsMatchedSchema } from './indicator-records';
import { ENTITY_SET, entitySetRecordSchema } from './entity-records';
import { ACTION_COMPLETED, ACTION_DECIDED, ACTION_PROPOSED, actionCompletedSchema, actionDecidedSchema, actionProposedSchema } from './action-records';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY, EVIDENCE_LINKED, evidenceAddedSchema, evidenceCustodySchema, evidenceLinkedSchema } from './evidence-records';
import { EVENT_ANNOTATED, eventAnnotatedSchema, LIVE_RECORDED, liveRecordedSchema, NOTE_WRITTEN, noteWrittenSchema } from './story-records';
import { KEYS_ROTATED, keysRotatedSchema, ROLLBACK_ACCEPTED, rollbackAcceptedSchema } from './vault-records';
import { PACKAGE_IMPORTED, packageImportedSchema } from './package-records';

/**
 * Every kind of journal record, with the schema of its payload (`data`). A
 * record's kind is its `type`; writers can only append a known kind with its
 * payload's type (JournalEntry), and the reader checks every payload against
 * its kind's schema once the record has been authenticated (parseJournalRecord).
 * Adding a kind: docs/architecture.md, "Adding a journal record kind".
 */
export const RECORD_KINDS = {
  [CASE_CREATED]: caseCreatedSchema,
  [CASE_UPDATED]: caseUpdatedSchema,
  [IMPORT_RECORDS]: importRecordsSchema,
  [IMPORT_COMMITTED]: importCommittedSchema,
  [ROLLBACK_ACCEPTED]: rollbackAcceptedSchema,
  [KEYS_ROTATED]: keysRotatedSchema,
  [INDICATOR_ADDED]: indicatorAddedSchema,
  [INDICATORS_MATCHED]: indicatorsMatchedSchema,
  [ENTITY_SET]: entitySetRecordSchema,
  [ACTION_PROPOSED]: actionProposedSchema,
  [ACTION_DECIDED]: actionDecidedSchema,
  [ACTION_COMPLETED]: actionCompletedSchema,
  [EVIDENCE_ADDED]: evidenceAddedSchema,
  [EVIDENCE_CUSTODY]: evidenceCustodySchema,
  [EVIDENCE_LINKED]: evidenceLinkedSchema,
  [EVENT_ANNOTATED]: eventAnnotatedSchema,
  [NOTE_WRITTEN]: noteWrittenSchema,
  [LIVE_RECORDED]: liveRecordedSchema,
  [PACKAGE_IMPORTED]: packageImportedSchema,
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;
export type RecordData<K extends RecordKind> = z.output<(typeof RECORD_KINDS)[K]>;

/**
 * The record format this code writes, stated in every record as `v`. Format 0
 * (records without `v`, written before December 2026) has the same payloads as
 * format 1, which only began stating it. A payload that changes shape raises
 * the format, and the reader upgrades older records of that kind as it reads
 * them; a record of a newer format than this code knows is refused by name.
 */
export const RECORD_FORMAT = 1;

/** A record as a writer gives it: a known kind with that kind's payload. */
export type JournalEntry = {
  [K in RecordKind]: {
    /** ISO 8601 UTC. */
    at: string;
    actor: string;
    type: K;
    data: RecordData<K>;
  };
}[RecordKind];

/** A record in a journal: its position (from 1), and the format it was written in (absent: format 0). */
export type JournalRecord = JournalEntry & { seq: number; v?: number };

/** The record `seq` of a new entry, stamped with the format this code writes. */
export function newRecord(seq: number, entry: JournalEntry): JournalRecord {
  return { seq, v: RECORD_FORMAT, ...entry };
}

const envelopeSchema = z.object({
  seq: z.number().int().positive(),
  v: z.number().int().nonnegative().optional(),
  at: z.string(),
  actor: z.string(),
  type: z.string(),
  data: z.unknown(),
});

const isKind = (type: string): type is RecordKind => Object.hasOwn(RECORD_KINDS, type);

/** Where in a record a problem is, as `data.alerts[2].severity`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || 'the record';
}

function firstIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const issue = error.issues[0]!;
  return `${fieldPath([...prefix, ...issue.path])}: ${issue.message}`;
}

/**
 * A decrypted, authenticated record's JSON, checked: its envelope, its kind,
 * its format and its payload. Returns the record, or what is wrong with it
 * naming the field (the caller names the case and the record's position).
 */
export function parseJournalRecord(json: unknown): { record: JournalRecord } | { problem: string } {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { problem: `not a journal record: ${firstIssue(envelope.error)}` };
  const { seq, v, at, actor, type, data } = envelope.data;
  if (v !== undefined && v > RECORD_FORMAT) {
    return { problem: `"${type}" record of format ${v}, written by a newer Casebook; this version reads formats up to ${RECORD_FORMAT}` };
  }
  if (!isKind(type)) return { problem: `type: "${type}" is not a kind of record Casebook writes` };
  const entry = parseEntry(type, at, actor, data);
  if ('problem' in entry) return { problem: `"${type}" record: ${entry.problem}` };
  return { record: v === undefined ? { seq, ...entry.entry } : { seq, v, ...entry.entry } };
}

type Checked = { entry: JournalEntry } | { problem: string };

function checked<T>(result: z.ZodSafeParseResult<T>, entry: (data: T) => JournalEntry): Checked {
  return result.success ? { entry: entry(result.data) } : { problem: firstIssue(result.error, ['data']) };
}

/** The payload checked against its kind's schema; one case per kind, so that the entry's type follows from `type`. */
function parseEntry(type: RecordKind, at: string, actor: string, data: unknown): Checked {
  switch (type) {
    case CASE_CREATED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case CASE_UPDATED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case IMPORT_RECORDS:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case IMPORT_COMMITTED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case ROLLBACK_ACCEPTED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case KEYS_ROTATED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case INDICATOR_ADDED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case INDICATORS_MATCHED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case ENTITY_SET:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case ACTION_PROPOSED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case ACTION_DECIDED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case ACTION_COMPLETED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case EVIDENCE_ADDED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case EVIDENCE_CUSTODY:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case EVIDENCE_LINKED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case EVENT_ANNOTATED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case NOTE_WRITTEN:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case LIVE_RECORDED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    case PACKAGE_IMPORTED:
      return checked(RECORD_KINDS[type].safeParse(data), (d) => ({ at, actor, type, data: d }));
    default: {
      const unknownKind: never = type;
      return { problem: `no schema for "${String(unknownKind)}"` };
    }
  }
}
