import { z } from 'zod';
import type { ImportCounts, SkippedRecord } from '../../../../shared/domain/import';
import { actionRecordSchema, alertRecordSchema, entityRecordSchema, evidenceRecordSchema, indicatorRecordSchema } from './curated-records';

/**
 * Imports write their records in batches ('import.records') and then one
 * 'import.committed'. Batches count only once their commit is in the journal:
 * an import cut short by a crash or a cancel leaves records that replay ignores,
 * so the case is exactly what it was before that import.
 */
export const IMPORT_RECORDS = 'import.records';
export const IMPORT_COMMITTED = 'import.committed';

/** A timeline run an import wrote (timeline/run-format.ts): its files and what the journal binds of them. */
export const runRefSchema = z.object({
  /** File base name under timeline/ (without .cols/.text). */
  name: z.string().regex(/^[\w.-]+$/, 'a run name is a plain file name'),
  /** Position among the case's runs, in commit order; part of every event id. */
  ordinal: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  minTime: z.number(),
  maxTime: z.number(),
  /** Hex GCM tags of the two files: the journal binds them. */
  colsTag: z.string().regex(/^[0-9a-f]+$/, 'expected hex'),
  textTag: z.string().regex(/^[0-9a-f]+$/, 'expected hex'),
});
export type RunRef = z.output<typeof runRefSchema>;

/**
 * Entities only an import's events name, packed as one table (see
 * cases/event-entity-table.ts for the layout). Reading checks the shape;
 * decoding the columns, when the entities are first made, checks that they
 * add up, and names the case and the record if they do not.
 */
// Columns are half a megabyte each: a regular expression over them cost more than reading the rest of the record.
const base64Column = z.string().refine((s) => s.length % 4 === 0, 'expected base64 (whole groups of four characters)');

export const eventEntityTableSchema = z.object({
  /** The name of the imported file, every entity's source. */
  source: z.string(),
  text: z.string(),
  /** base64 of little-endian uint32s. */
  ends: base64Column,
  /** base64 of little-endian float64s. */
  seen: base64Column,
});
export type EventEntityTable = z.output<typeof eventEntityTableSchema>;

export const importRecordsSchema = z.object({
  importId: z.string(),
  alerts: z.array(alertRecordSchema).optional(),
  entities: z.array(entityRecordSchema).optional(),
  eventEntities: eventEntityTableSchema.optional(),
  indicators: z.array(indicatorRecordSchema).optional(),
  actions: z.array(actionRecordSchema).optional(),
});
export type ImportRecordsData = z.output<typeof importRecordsSchema>;

const count = z.number().int().nonnegative();
const importCountsSchema: z.ZodType<ImportCounts> = z.object({
  events: count,
  alerts: count,
  entities: count,
  indicators: count,
  actions: count,
  incidents: count,
});
const skippedRecordSchema: z.ZodType<SkippedRecord> = z.object({ position: z.string(), field: z.string().nullable(), reason: z.string() });

export const importCommittedSchema = z.object({
  importId: z.string(),
  format: z.string(),
  evidence: evidenceRecordSchema,
  runs: z.array(runRefSchema),
  /** Entities only the import's events name, as sealed pages beside the runs (entities/entity-pages.ts). */
  entityPages: z
    .array(
      z.object({
        name: z.string().regex(/^[\w.-]+$/, 'a page name is a plain file name'),
        count: z.number().int().nonnegative(),
        tag: z.string().regex(/^[0-9a-f]*$/, 'expected hex'),
      }),
    )
    .optional(),
  counts: importCountsSchema,
  skipped: z.array(skippedRecordSchema),
  skippedTotal: count,
  warnings: z.array(z.string()),
  timezone: z.string(),
  zonelessTimes: count,
});
export type ImportCommittedData = z.output<typeof importCommittedSchema>;
