import { z } from 'zod';
import { CLASSIFICATIONS, DETERMINATIONS, SEVERITIES, STATUSES, TLPS, type CaseField, type CaseOrigin } from '../../../../shared/domain/case';
import { freeFormObject } from './curated-records';

/**
 * The records that carry a case's own fields:
 *   case.created  { fields, origin? }   the initial values (and the incident an import made it from)
 *   case.updated  { changes }           each change with its old and new value
 * Keeping the old value in the record makes the audit trail readable without replay.
 */
export const CASE_CREATED = 'case.created';
export const CASE_UPDATED = 'case.updated';

/** A case's triage fields, as case.created records them: every one of them. */
export const caseFieldsSchema = z.object({
  title: z.string(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(STATUSES),
  classification: z.enum(CLASSIFICATIONS),
  determination: z.enum(DETERMINATIONS),
  owner: z.string(),
  tags: z.array(z.string()),
  tlp: z.enum(TLPS),
});
export type CaseFields = z.output<typeof caseFieldsSchema>;
/** Compiles only when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
// Every field a patch may touch (CASE_FIELDS) is recorded, and nothing else.
const _sameFields: Same<keyof CaseFields, CaseField> = true;

export const caseOriginSchema: z.ZodType<CaseOrigin> = z.looseObject({
  format: z.string(),
  file: z.string(),
  externalId: z.string(),
  createdAt: z.string().nullable(),
  attributes: freeFormObject,
});

export const caseCreatedSchema = z.object({
  fields: caseFieldsSchema,
  origin: caseOriginSchema.nullable().optional(),
});
export type CaseCreatedData = z.output<typeof caseCreatedSchema>;

const shape = caseFieldsSchema.shape;
const change = <F extends CaseField, T extends z.ZodType>(field: F, value: T) => z.object({ field: z.literal(field), from: value, to: value });

/** One field's change, old → new: both values have that field's type (replay assigns the new one). */
export const caseFieldChangeSchema = z.discriminatedUnion('field', [
  change('title', shape.title),
  change('description', shape.description),
  change('severity', shape.severity),
  change('status', shape.status),
  change('classification', shape.classification),
  change('determination', shape.determination),
  change('owner', shape.owner),
  change('tags', shape.tags),
  change('tlp', shape.tlp),
]);
export type CaseFieldChange = z.output<typeof caseFieldChangeSchema>;
// A change of every field can be recorded.
const _everyField: Same<CaseFieldChange['field'], CaseField> = true;

export const caseUpdatedSchema = z.object({ changes: z.array(caseFieldChangeSchema).min(1) });
export type CaseUpdatedData = z.output<typeof caseUpdatedSchema>;
