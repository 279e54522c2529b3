import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../vault/journal-format';
import { CASE_CREATED, initialFields } from './case-model';
import { committedRuns, IMPORT_COMMITTED, IMPORT_RECORDS, replayState } from './case-state';

const CASE = '11111111-2222-3333-4444-555555555555';

const run = (name: string, ordinal: number) => ({ name, ordinal, count: 10, minTime: 0, maxTime: 1, colsTag: 'c', textTag: 't' });

function committed(seq: number, importId: string, runs: ReturnType<typeof run>[]): JournalRecord {
  const evidence = { id: `evd-${importId}`, caseId: CASE, kind: 'import', name: 'x.csv', size: 1, sha256: '0'.repeat(64), importer: 'timesketch-csv', counts: {}, warnings: [], addedBy: 'a', addedAt: '2026-01-01T00:00:00Z', attributes: {} };
  return { seq, at: '2026-01-01T00:00:00Z', actor: 'a', type: IMPORT_COMMITTED, data: { importId, format: 'timesketch-csv', evidence, runs, counts: {}, skipped: [], skippedTotal: 0, warnings: [], timezone: 'UTC', zonelessTimes: 0 } };
}

describe('committedRuns', () => {
  it('lists the runs of committed imports in commit order, as the full replay does', () => {
    const records: JournalRecord[] = [
      { seq: 1, at: '2026-01-01T00:00:00Z', actor: 'a', type: CASE_CREATED, data: { fields: initialFields({ title: 'T' }), origin: null } },
      committed(2, 'imp-1', [run('imp-1-0000', 0), run('imp-1-0001', 1)]),
      // An import that never reached its commit record: its batch counts for nothing, and it listed no runs anywhere.
      { seq: 3, at: '2026-01-01T00:00:00Z', actor: 'a', type: IMPORT_RECORDS, data: { importId: 'imp-2', entities: [] } },
      committed(4, 'imp-3', [run('imp-3-0000', 2)]),
    ];
    expect(committedRuns(records).map((r) => r.name)).toEqual(['imp-1-0000', 'imp-1-0001', 'imp-3-0000']);
    expect(committedRuns(records)).toEqual(replayState(CASE, records).runs);
    expect(committedRuns(records.slice(0, 1))).toEqual([]);
  });
});
