import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../../../shared/domain/records';
import { initialFields } from '../case-model';
import { CASE_CREATED, CASE_UPDATED } from './case-records';
import { IMPORT_RECORDS } from './import-records';
import { newRecord, parseJournalRecord, RECORD_FORMAT, RECORD_KINDS, type JournalEntry } from './journal-record';

const at = '2026-01-01T00:00:00.000Z';
const alert = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  id: 'alr-1',
  caseId: 'c',
  externalId: 'da-1',
  title: 'Suspicious LSASS access',
  severity: 'high',
  status: 'new',
  category: null,
  source: 'Graph',
  detectionSource: null,
  createdAt: null,
  firstActivity: null,
  lastActivity: null,
  description: '',
  mitreTechniques: [],
  entityIds: [],
  attributes: {},
  ...over,
});
const alerts = (...list: unknown[]) => ({ seq: 4, v: 1, at, actor: 'a', type: IMPORT_RECORDS, data: { importId: 'imp', alerts: list } });
/** What the reader gets from a record's JSON, as it was sealed. */
const read = (record: unknown) => parseJournalRecord(JSON.parse(JSON.stringify(record)));

describe('journal records', () => {
  it('knows every kind it writes, each with a payload schema', () => {
    expect(Object.keys(RECORD_KINDS).sort()).toEqual([
      'action.completed',
      'action.decided',
      'action.proposed',
      'case.created',
      'case.updated',
      'entity.set',
      'event.annotated',
      'evidence.added',
      'evidence.custody',
      'evidence.linked',
      'import.committed',
      'import.records',
      'indicator.added',
      'indicators.matched',
      'live.recorded',
      'note.written',
      'package.imported',
      'vault.keysRotated',
      'vault.rollbackAccepted',
    ]);
  });

  it('reads a package.imported record, and names the field of a bad one', () => {
    const data = {
      sourceCaseId: 'c',
      title: 'T',
      packageHead: null,
      caseHead: null,
      packageSha256: 'ab',
      createdAt: at,
      createdBy: 'alice',
      signer: null,
      records: 3,
      events: 0,
      selective: false,
    };
    const record = { seq: 4, v: RECORD_FORMAT, at, actor: 'bob', type: 'package.imported', data };
    expect(read(record)).toEqual({ record });
    expect(read({ ...record, data: { ...data, records: -1 } })).toEqual({
      problem: expect.stringMatching(/^"package.imported" record: data.records: /) as unknown,
    });
  });

  it('stamps new records with the format it writes, and reads them back as they were', () => {
    const entry: JournalEntry = { at, actor: 'a', type: CASE_CREATED, data: { fields: initialFields({ title: 'T' }), origin: null } };
    const record = newRecord(1, entry);
    expect(record).toMatchObject({ seq: 1, v: RECORD_FORMAT });
    expect(read(record)).toEqual({ record });
  });

  it('reads a record of format 0 (no `v`, written before formats were stated) and leaves it without one', () => {
    const old = { seq: 2, at, actor: 'a', type: CASE_UPDATED, data: { changes: [{ field: 'status', from: 'new', to: 'active' }] } };
    expect(read(old)).toEqual({ record: old });
  });

  it('refuses a record of a newer format by name, rather than misreading it', () => {
    expect(
      read({ ...newRecord(3, { at, actor: 'a', type: CASE_UPDATED, data: { changes: [{ field: 'owner', from: '', to: 'x' }] } }), v: RECORD_FORMAT + 1 }),
    ).toEqual({
      problem: `"case.updated" record of format ${RECORD_FORMAT + 1}, written by a newer Casebook; this version reads formats up to ${RECORD_FORMAT}`,
    });
  });

  it('refuses a kind it does not know', () => {
    expect(read({ seq: 3, v: 1, at, actor: 'a', type: 'case.deleted', data: {} })).toEqual({
      problem: 'type: "case.deleted" is not a kind of record Casebook writes',
    });
  });

  it('names the field of a payload that does not match its kind', () => {
    expect(read(alerts(alert(), alert({ severity: 'catastrophic' as never })))).toEqual({
      problem: expect.stringMatching(/^"import\.records" record: data\.alerts\[1\]\.severity: Invalid option: expected one of "informational"\|"low"/),
    });
    expect(read(alerts({ ...alert(), title: undefined }))).toEqual({
      problem: expect.stringMatching(/^"import\.records" record: data\.alerts\[0\]\.title: Invalid input: expected string, received undefined/),
    });
    expect(read({ seq: 2, at, actor: 'a', type: CASE_UPDATED, data: { changes: [{ field: 'severity', from: 'low', to: 'urgent' }] } })).toEqual({
      problem: expect.stringMatching(/^"case\.updated" record: data\.changes\[0\]\.to: Invalid option/),
    });
    expect(read({ seq: 2, at, actor: 'a', type: CASE_UPDATED, data: { changes: [{ field: 'version', from: 1, to: 9 }] } })).toEqual({
      problem: expect.stringMatching(/^"case\.updated" record: data\.changes\[0\]\.field: /),
    });
  });

  it('reads action records back, and names the field of a bad one', () => {
    const target = { entityId: 'ent-1', type: 'device', display: 'WKS-1', identifierName: 'Device id', identifier: 'f46b', more: [] };
    const proposal = { id: 'act-1', kind: 'isolate', title: '', target, rationale: 'beacon', source: 'manual', expiresAt: at, undoOf: null };
    const proposed = newRecord(5, { at, actor: 'a', type: 'action.proposed', data: { actions: [proposal as never] } });
    expect(read(proposed)).toEqual({ record: proposed });
    const decided = newRecord(6, { at, actor: 'b', type: 'action.decided', data: { ids: ['act-1'], kind: 'isolate', decision: 'approved', comment: '' } });
    expect(read(decided)).toEqual({ record: decided });
    expect(read({ ...proposed, data: { actions: [{ ...proposal, kind: 'nuke' }] } })).toEqual({
      problem: expect.stringMatching(/^"action\.proposed" record: data\.actions\[0\]\.kind: Invalid option/),
    });
    expect(read({ ...decided, data: { ids: ['act-1'], kind: 'isolate', decision: 'maybe', comment: '' } })).toEqual({
      problem: expect.stringMatching(/^"action\.decided" record: data\.decision: Invalid option/),
    });
  });

  it('names the envelope field of something that is not a record at all', () => {
    expect(read({ seq: 1, at, type: CASE_UPDATED, data: {} })).toEqual({
      problem: 'not a journal record: actor: Invalid input: expected string, received undefined',
    });
    expect(read([1, 2])).toEqual({ problem: expect.stringMatching(/^not a journal record: the record: /) });
  });

  it('keeps keys such as __proto__ in free-form attributes as data, and keys it does not know', () => {
    const json = JSON.stringify(alerts({ ...alert(), attributes: { ['__proto__']: 'x' }, extra: 'kept' })).replace(
      '"attributes":{}',
      '"attributes":{"__proto__":{"polluted":true}}',
    );
    const parsed = parseJournalRecord(JSON.parse(json));
    if (!('record' in parsed) || parsed.record.type !== IMPORT_RECORDS) throw new Error(`not read: ${JSON.stringify(parsed)}`);
    const read = parsed.record.data.alerts![0]!;
    expect(Object.keys(read.attributes)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(read.attributes)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(read).toMatchObject({ extra: 'kept' });
  });
});
