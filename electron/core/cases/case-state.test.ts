import { describe, expect, it } from 'vitest';
import type { EntityRecord, EvidenceRecord } from '../../../shared/domain/records';
import type { JournalRecord } from './records/journal-record';
import { IMPORT_COMMITTED, IMPORT_RECORDS, type ImportRecordsData } from './records/import-records';
import { encodeEventEntities } from './event-entity-table';
import { CASE_CREATED, initialFields } from './case-model';
import { committedRuns, replayState } from './case-state';

const CASE = '11111111-2222-3333-4444-555555555555';

const run = (name: string, ordinal: number) => ({ name, ordinal, count: 10, minTime: 0, maxTime: 1, colsTag: 'c', textTag: 't' });

function committed(seq: number, importId: string, runs: ReturnType<typeof run>[]): JournalRecord {
  const evidence: EvidenceRecord = {
    id: `evd-${importId}`,
    caseId: CASE,
    kind: 'import',
    name: 'x.csv',
    size: 1,
    sha256: '0'.repeat(64),
    importer: 'timesketch-csv',
    counts: {},
    warnings: [],
    addedBy: 'a',
    addedAt: '2026-01-01T00:00:00Z',
    attributes: {},
  };
  const counts = { events: 0, alerts: 0, entities: 0, indicators: 0, actions: 0, incidents: 0 };
  return {
    seq,
    at: '2026-01-01T00:00:00Z',
    actor: 'a',
    type: IMPORT_COMMITTED,
    data: { importId, format: 'timesketch-csv', evidence, runs, counts, skipped: [], skippedTotal: 0, warnings: [], timezone: 'UTC', zonelessTimes: 0 },
  };
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

describe('entities in the case state', () => {
  const created: JournalRecord = {
    seq: 1,
    at: '2026-01-01T00:00:00Z',
    actor: 'a',
    type: CASE_CREATED,
    data: { fields: initialFields({ title: 'T' }), origin: null },
  };
  const entity = (id: string, over: Partial<EntityRecord> = {}): EntityRecord => ({
    id,
    caseId: CASE,
    type: 'ip',
    key: '10.0.0.1',
    display: '10.0.0.1',
    roles: [],
    verdict: null,
    remediationStatus: null,
    sources: ['incident.json'],
    firstSeen: null,
    lastSeen: null,
    attributes: {},
    ...over,
  });
  /** A table of entities found in events: [type, value, key, id, first µs, last µs, count] each. */
  const table = (source: string, rows: [string, string, string, string, number, number, number][]) => {
    let at = 0;
    const strings = rows.flatMap((r) => r.slice(0, 4) as string[]);
    const columns = {
      text: strings.join(''),
      ends: Uint32Array.from(strings.map((s) => (at += s.length))),
      seen: Float64Array.from(rows.flatMap((r) => r.slice(4) as number[])),
    };
    return encodeEventEntities(source, columns)[0]!;
  };
  const recordsOf = (seq: number, importId: string, data: Omit<ImportRecordsData, 'importId'>): JournalRecord => ({
    seq,
    at: '2026-01-01T00:00:00Z',
    actor: 'a',
    type: IMPORT_RECORDS,
    data: { importId, ...data },
  });
  const us = (iso: string) => Date.parse(iso) * 1000;

  it('merges the entities of event tables and of records across imports into one per id, and ignores imports never committed', () => {
    const records: JournalRecord[] = [
      created,
      // An incident named the address, with a verdict; a timeline then saw it twice, another once.
      recordsOf(2, 'imp-1', { entities: [entity('ent-ip', { verdict: 'malicious', roles: ['attacker'] })] }),
      committed(3, 'imp-1', []),
      recordsOf(4, 'imp-2', {
        eventEntities: table('a.csv', [
          ['ip', '10.0.0.1', '10.0.0.1', 'ent-ip', us('2024-05-01T10:00:00Z'), us('2024-05-01T11:00:00Z'), 2],
          ['url', 'http://x/', 'http://x/', 'ent-url', us('2024-05-02T00:00:00Z'), us('2024-05-02T00:00:00Z'), 1],
        ]),
      }),
      committed(5, 'imp-2', []),
      recordsOf(6, 'imp-3', {
        eventEntities: table('b.csv', [['ip', '10.0.0.1', '10.0.0.1', 'ent-ip', us('2024-04-30T09:00:00Z'), us('2024-05-01T10:30:00Z'), 5]]),
      }),
      committed(7, 'imp-3', []),
      // Cut short before its commit: counts for nothing.
      recordsOf(8, 'imp-4', { eventEntities: table('c.csv', [['ip', '10.0.0.9', '10.0.0.9', 'ent-other', 0, 0, 1]]) }),
    ];
    const state = replayState(CASE, records);
    expect(state.entitiesAtMost).toBe(4);
    expect([...state.entities.keys()].sort()).toEqual(['ent-ip', 'ent-url']);
    expect(state.entities.get('ent-ip')).toEqual(
      entity('ent-ip', {
        verdict: 'malicious',
        roles: ['attacker'],
        sources: ['incident.json', 'a.csv', 'b.csv'],
        firstSeen: '2024-04-30T09:00:00.000000Z',
        lastSeen: '2024-05-01T11:00:00.000000Z',
        attributes: { events: 7 },
      }),
    );
    expect(state.entities.get('ent-url')).toMatchObject({ caseId: CASE, type: 'url', display: 'http://x/', sources: ['a.csv'], attributes: { events: 1 } });
    // The journal's own record was merged into a copy, never changed.
    const journaled = records[1]!;
    expect(journaled.type === IMPORT_RECORDS && journaled.data.entities![0]).toEqual(entity('ent-ip', { verdict: 'malicious', roles: ['attacker'] }));
  });

  it('makes the entities only when they are asked for, and names the journal record of a table that does not add up', () => {
    const broken = { ...table('a.csv', [['ip', '10.0.0.1', '10.0.0.1', 'ent-ip', 0, 0, 1]]), text: 'short' };
    const state = replayState(CASE, [created, recordsOf(2, 'imp-1', { eventEntities: broken }), committed(3, 'imp-1', [])]);
    expect(state.entitiesAtMost).toBe(1);
    expect(() => state.entities).toThrow(`case ${CASE}, journal record 2: event entity table: string 1 ends at 10, outside 2..5`);
  });
});
