import { z } from 'zod';
import type { IndicatorMatch, MatchRunSummary } from '../../../../shared/domain/indicators';
import type { IndicatorRecord } from '../../../../shared/domain/records';
import { indicatorRecordSchema } from './curated-records';

/**
 * The journal records of indicators (electron/core/indicators/): one typed in
 * by hand, and the result of one matching run. A run's matches are one record,
 * so a run is in the case whole or not at all, and the latest run is the
 * case's list of matches (read back without matching again).
 */
export const INDICATOR_ADDED = 'indicator.added';
export const INDICATORS_MATCHED = 'indicators.matched';

export const indicatorAddedSchema = z.object({ indicator: indicatorRecordSchema });
export interface IndicatorAddedData {
  indicator: IndicatorRecord;
}

/** A match as the journal keeps it: the indicator's type and value are joined in when listed. */
export type StoredMatch = Omit<IndicatorMatch, 'type' | 'indicator'>;

const count = z.number().int().nonnegative();
const storedMatchSchema: z.ZodType<StoredMatch> = z.object({
  indicatorId: z.string(),
  value: z.string(),
  place: z.enum(['event', 'entity', 'alert']),
  eventId: z.number().nullable(),
  time: z.number().nullable(),
  field: z.string().nullable(),
  entityId: z.string().nullable(),
  alertId: z.string().nullable(),
});
const matchRunSchema: z.ZodType<MatchRunSummary> = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  trigger: z.enum(['import', 'indicator-added', 'request']),
  indicators: count,
  events: count,
  entities: count,
  alerts: count,
  total: count,
  perIndicator: z.record(z.string(), count),
  truncated: z.boolean(),
  ms: z.number().nonnegative(),
});

export const indicatorsMatchedSchema = z.object({ run: matchRunSchema, matches: z.array(storedMatchSchema) });
export interface IndicatorsMatchedData {
  run: MatchRunSummary;
  matches: StoredMatch[];
}
