import type { JournalRecord } from '../cases/records/journal-record';
import { INDICATORS_MATCHED, type IndicatorsMatchedData } from '../cases/records/indicator-records';

export { INDICATOR_ADDED, INDICATORS_MATCHED, type IndicatorAddedData, type IndicatorsMatchedData, type StoredMatch } from '../cases/records/indicator-records';

/** The case's latest matching run, or null when its indicators were never matched. */
export function latestMatchRun(records: readonly JournalRecord[]): IndicatorsMatchedData | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if (record.type === INDICATORS_MATCHED) return record.data;
  }
  return null;
}
