import type { IndicatorRecord } from '../../../shared/domain/records';
import type { IndicatorMatch, MatchRunSummary } from '../../../shared/domain/indicators';
import type { JournalRecord } from '../vault/journal-format';

/**
 * The journal records of indicators: one typed in by hand, and the result of
 * one matching run. A run's matches are one record, so a run is in the case
 * whole or not at all, and the latest run is the case's list of matches
 * (read back without matching again).
 */
export const INDICATOR_ADDED = 'indicator.added';
export const INDICATORS_MATCHED = 'indicators.matched';

export interface IndicatorAddedData {
  indicator: IndicatorRecord;
}

/** A match as the journal keeps it: the indicator's type and value are joined in when listed. */
export type StoredMatch = Omit<IndicatorMatch, 'type' | 'indicator'>;

export interface IndicatorsMatchedData {
  run: MatchRunSummary;
  matches: StoredMatch[];
}

/** The case's latest matching run, or null when its indicators were never matched. */
export function latestMatchRun(records: readonly JournalRecord[]): IndicatorsMatchedData | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if (record.type === INDICATORS_MATCHED) return record.data as IndicatorsMatchedData;
  }
  return null;
}
