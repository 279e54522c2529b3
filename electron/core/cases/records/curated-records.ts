import { z } from 'zod';
import { ACTION_STATUSES, ENTITY_TYPES, INDICATOR_TYPES } from '../../../../shared/domain/records';
import type { ActionRecord, AlertRecord, EntityRecord, EvidenceRecord, IndicatorRecord } from '../../../../shared/domain/records';
import { SEVERITIES } from '../../../../shared/domain/case';

/**
 * The curated records an import journals (shared/domain/records.ts), as the
 * journal reader checks them. Each schema is typed by its domain interface, so
 * a field added there and forgotten here does not compile.
 *
 * Records are loose objects: a key this version does not know is kept (key
 * rotation writes records back as they were read). Parsing copies objects;
 * free-form maps (`attributes`) are checked to be objects and kept as they
 * are, since a key such as `__proto__` is data there and copying it into a
 * fresh object would turn it into a prototype.
 */
export const freeFormObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'expected an object',
);

const text = z.string();
const maybeText = z.string().nullable();
const texts = z.array(z.string());

export const entityRecordSchema: z.ZodType<EntityRecord> = z.looseObject({
  id: text,
  caseId: text,
  type: z.enum(ENTITY_TYPES),
  key: text,
  display: text,
  roles: texts,
  verdict: maybeText,
  remediationStatus: maybeText,
  sources: texts,
  firstSeen: maybeText,
  lastSeen: maybeText,
  attributes: freeFormObject,
});

export const alertRecordSchema: z.ZodType<AlertRecord> = z.looseObject({
  id: text,
  caseId: text,
  externalId: text,
  title: text,
  severity: z.enum(SEVERITIES),
  status: text,
  category: maybeText,
  source: text,
  detectionSource: maybeText,
  createdAt: maybeText,
  firstActivity: maybeText,
  lastActivity: maybeText,
  description: text,
  mitreTechniques: texts,
  entityIds: texts,
  attributes: freeFormObject,
});

export const indicatorRecordSchema: z.ZodType<IndicatorRecord> = z.looseObject({
  id: text,
  caseId: text,
  type: z.enum(INDICATOR_TYPES),
  value: text,
  forDetection: z.boolean(),
  source: text,
  externalId: maybeText,
  description: text,
  tlp: maybeText,
  labels: texts,
  origin: text,
  validFrom: maybeText,
  validUntil: maybeText,
  attributes: freeFormObject,
});

export const actionRecordSchema: z.ZodType<ActionRecord> = z.looseObject({
  id: text,
  caseId: text,
  externalId: maybeText,
  type: text,
  status: z.enum(ACTION_STATUSES),
  target: text,
  requestor: text,
  comment: text,
  source: text,
  createdAt: maybeText,
  updatedAt: maybeText,
  attributes: freeFormObject,
});

export const evidenceRecordSchema: z.ZodType<EvidenceRecord> = z.looseObject({
  id: text,
  caseId: text,
  kind: z.enum(['import', 'file']),
  name: text,
  size: z.number().nonnegative(),
  sha256: text,
  importer: maybeText,
  counts: z.record(z.string(), z.number()),
  warnings: texts,
  addedBy: text,
  addedAt: text,
  attributes: freeFormObject,
});
