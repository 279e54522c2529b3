import { describe, expect, it } from 'vitest';
import type { CustodyEntry, EvidenceItem } from '../../../../shared/domain/evidence';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY, evidenceAuditChanges } from './evidence-records';
import { newRecord, parseJournalRecord } from './journal-record';

const at = '2026-12-03T10:00:00.000Z';
const item: EvidenceItem = {
  id: 'item-1',
  caseId: 'c',
  storage: 'ingested',
  title: 'WKS-7 memory',
  kind: 'memory-image',
  description: '',
  sourceHost: 'WKS-7',
  acquiredBy: null,
  acquiredAt: null,
  tool: null,
  storageLocation: null,
  size: 3,
  hashes: { sha256: 'ab'.repeat(32), sha1: 'cd'.repeat(20), md5: 'ef'.repeat(16) },
  files: [{ path: 'mem.raw', size: 3, mtime: at, sha256: 'ab'.repeat(32), sha1: 'cd'.repeat(20), md5: 'ef'.repeat(16), blob: 'f000001.blob' }],
  skipped: [],
  links: { entities: [], events: [], alerts: [] },
  addedBy: 'Dana',
  addedAt: at,
};
const entry: CustodyEntry = {
  id: 'c-1',
  itemId: 'item-1',
  event: 'transferred',
  by: 'Dana',
  from: 'Dana',
  to: 'Lee',
  at,
  where: null,
  purpose: null,
  notes: 'bag 141',
  hashVerified: 'not-checked',
  corrects: null,
  recordedBy: 'Dana',
  recordedAt: at,
};
const read = (record: unknown) => parseJournalRecord(JSON.parse(JSON.stringify(record)));

describe('evidence journal records', () => {
  it('read back as they were written', () => {
    const added = newRecord(2, { at, actor: 'Dana', type: EVIDENCE_ADDED, data: { item, blobKey: Buffer.alloc(32, 7).toString('base64') } });
    expect(read(added)).toEqual({ record: added });
    const custody = newRecord(3, { at, actor: 'Dana', type: EVIDENCE_CUSTODY, data: { entry } });
    expect(read(custody)).toEqual({ record: custody });
  });

  it('refuse a bad payload naming its field', () => {
    const badKind = newRecord(2, { at, actor: 'a', type: EVIDENCE_ADDED, data: { item: { ...item, kind: 'floppy' as never }, blobKey: null } });
    expect(read(badKind)).toEqual({ problem: expect.stringMatching(/^"evidence.added" record: data\.item\.kind: /) });
    const badBlob = newRecord(2, {
      at,
      actor: 'a',
      type: EVIDENCE_ADDED,
      data: { item: { ...item, files: [{ ...item.files[0]!, blob: '../x' }] }, blobKey: null },
    });
    expect(read(badBlob)).toEqual({ problem: expect.stringMatching(/data\.item\.files\[0\]\.blob/) });
    const badEvent = newRecord(3, { at, actor: 'a', type: EVIDENCE_CUSTODY, data: { entry: { ...entry, event: 'lost' as never } } });
    expect(read(badEvent)).toEqual({ problem: expect.stringMatching(/data\.entry\.event/) });
  });

  it('read in the audit trail as what was added or recorded, never with the blob key', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const changes = evidenceAuditChanges({ type: EVIDENCE_ADDED, data: { item, blobKey: key } });
    expect(changes).toEqual([{ field: 'evidence', from: null, to: `WKS-7 memory (memory-image, ingested, SHA-256 ${'ab'.repeat(32)})` }]);
    expect(JSON.stringify(changes)).not.toContain(key);
    expect(evidenceAuditChanges({ type: EVIDENCE_CUSTODY, data: { entry: { ...entry, corrects: 'c-0' } } })).toEqual([
      { field: 'custody of item-1', from: null, to: 'transferred, from Dana, to Lee, hash not-checked, corrects c-0' },
    ]);
  });
});
