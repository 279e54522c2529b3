import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../shared/domain/case';
import type { AlertRecord, EvidenceRecord } from '../../../shared/domain/records';
import { eventKey, findDuplicates, mergeReport, type KnownCase } from './duplicates';

const SHA = 'ab'.repeat(32);

function caseRecord(id: string, title: string, origin?: string): CaseRecord {
  return {
    id,
    title,
    description: '',
    severity: 'medium',
    status: 'new',
    classification: 'unknown',
    determination: 'unknown',
    owner: '',
    tags: [],
    tlp: 'amber',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    resolvedAt: null,
    version: 1,
    origin: origin ? { format: 'graph-security', file: 'x.json', externalId: origin, createdAt: null, attributes: {} } : null,
  } as CaseRecord;
}

function evidence(caseId: string, sha256: string, incidents: string[] = []): EvidenceRecord {
  return {
    id: `evd-${caseId}`,
    caseId,
    kind: 'import',
    name: 'export.json',
    size: 10,
    sha256,
    importer: 'graph-security',
    counts: {},
    warnings: [],
    addedBy: 'analyst',
    addedAt: '2026-02-03T04:05:06.000Z',
    attributes: { incidents: incidents.map((externalId) => ({ externalId, title: 't', createdAt: null })) },
  } as unknown as EvidenceRecord;
}

function alert(id: string, status: string): AlertRecord {
  return {
    id,
    caseId: 'c',
    externalId: id,
    title: `Alert ${id}`,
    severity: 'low',
    status,
    category: null,
    source: 's',
    detectionSource: null,
    createdAt: null,
    firstActivity: null,
    lastActivity: null,
    description: '',
    mitreTechniques: [],
    entityIds: [],
    attributes: {},
  };
}

describe('findDuplicates', () => {
  const known: KnownCase[] = [
    { case: caseRecord('c1', 'From the incident', '28282'), evidence: [evidence('c1', SHA)] },
    { case: caseRecord('c2', 'Took it in'), evidence: [evidence('c2', 'cd'.repeat(32), ['777'])] },
  ];

  it('finds the case holding a file of the same SHA-256, and the cases an incident of the file came from or went into', () => {
    expect(findDuplicates(known, { sha256: SHA, incidents: ['28282', '777', '1'] })).toEqual([
      {
        kind: 'file',
        caseId: 'c1',
        caseTitle: 'From the incident',
        evidenceId: 'evd-c1',
        name: 'export.json',
        addedAt: '2026-02-03T04:05:06.000Z',
        addedBy: 'analyst',
      },
      { kind: 'incident', caseId: 'c1', caseTitle: 'From the incident', externalId: '28282', how: 'origin' },
      { kind: 'incident', caseId: 'c2', caseTitle: 'Took it in', externalId: '777', how: 'imported' },
    ]);
  });

  it('into a chosen case, a same file elsewhere is no duplicate; an incident already a case still is', () => {
    expect(findDuplicates(known, { sha256: SHA, incidents: [], into: 'c2' })).toEqual([]);
    expect(findDuplicates(known, { sha256: SHA, incidents: ['28282'], into: 'c2' }).map((d) => d.kind)).toEqual(['incident']);
  });

  it('finds nothing for a new file of new incidents', () => {
    expect(findDuplicates(known, { sha256: 'ef'.repeat(32), incidents: ['999'] })).toEqual([]);
  });
});

describe('mergeReport', () => {
  it('names the alerts updated (with their changed fields) and added, and the entities added', () => {
    const before = {
      alerts: new Map([
        ['a1', alert('a1', 'new')],
        ['a2', alert('a2', 'new')],
      ]),
      entityIds: new Set(['e1']),
    };
    const after = {
      alerts: new Map([
        ['a1', alert('a1', 'resolved')],
        ['a2', alert('a2', 'new')],
        ['a3', alert('a3', 'new')],
      ]),
      entityIds: ['e1', 'e2', 'e3'],
    };
    const report = mergeReport(caseRecord('c1', 'Case'), before, after, { added: 4, alreadyThere: 9 });
    expect(report).toEqual({
      caseId: 'c1',
      caseTitle: 'Case',
      nothingNew: false,
      alertsUpdated: [{ id: 'a1', title: 'Alert a1', fields: ['status'] }],
      alertsAdded: [{ id: 'a3', title: 'Alert a3' }],
      entitiesAdded: 2,
      eventsAdded: 4,
      eventsAlreadyThere: 9,
    });
  });
});

describe('eventKey', () => {
  it('tells events apart by time, kind of time, host, user and message, not by the file they came from', () => {
    const e = { time: 1, timestampDesc: 'Created', host: 'h', user: 'u', message: 'm' };
    expect(eventKey({ ...e, source: 'a.json' } as typeof e)).toBe(eventKey({ ...e, source: 'b.json' } as typeof e));
    expect(eventKey(e)).not.toBe(eventKey({ ...e, time: 2 }));
    expect(eventKey(e)).not.toBe(eventKey({ ...e, message: 'm2' }));
  });
});
