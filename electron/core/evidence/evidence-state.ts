import type { CustodyEntry, EvidenceItem, EvidenceRow } from '../../../shared/domain/evidence';
import type { EvidenceRecord } from '../../../shared/domain/records';
import type { JournalRecord } from '../cases/records/journal-record';
import { replayState } from '../cases/case-state';
import { CasebookError } from '../../../shared/ipc/errors';
import { sweepEvidence } from './blob-store';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY, EVIDENCE_LINKED, type EvidenceLinkedData } from '../cases/records/evidence-records';

/**
 * The case's evidence items as its journal holds them: each item with its
 * blob key and its custody chain in the order it was recorded. Memoized per
 * journal (its record array) and length, since journals only grow.
 */
export interface ItemState {
  item: EvidenceItem;
  key: Buffer | null;
  custody: CustodyEntry[];
}

const memo = new WeakMap<readonly JournalRecord[], { length: number; items: Map<string, ItemState> }>();

export function evidenceItems(records: readonly JournalRecord[]): Map<string, ItemState> {
  const known = memo.get(records);
  if (known && known.length === records.length) return known.items;
  const items = new Map<string, ItemState>();
  for (const r of records) {
    if (r.type === EVIDENCE_ADDED) {
      const { item, blobKey } = r.data;
      // The item's links change with later records: a copy, so the record itself stays as it was read.
      const links = { entities: [...item.links.entities], events: [...item.links.events], alerts: [...item.links.alerts] };
      items.set(item.id, { item: { ...item, links }, key: blobKey ? Buffer.from(blobKey, 'base64') : null, custody: [] });
    } else if (r.type === EVIDENCE_CUSTODY) {
      items.get(r.data.entry.itemId)?.custody.push(r.data.entry);
    } else if (r.type === EVIDENCE_LINKED) {
      const state = items.get(r.data.itemId);
      if (state) applyLinks(state.item.links, r.data);
    }
  }
  memo.set(records, { length: records.length, items });
  return items;
}

/** A link record on an item's links: the removed ones go, the added ones join at the end (once each). */
function applyLinks(links: EvidenceItem['links'], change: EvidenceLinkedData): void {
  for (const list of ['entities', 'alerts', 'events'] as const) {
    const gone = new Set(change.remove[list]);
    const kept = links[list].filter((id) => !gone.has(id));
    for (const id of change.add[list]) if (!kept.includes(id)) kept.push(id);
    links[list] = kept;
  }
}

/**
 * Refuses evidence ids the case's evidence log does not have (its items and the files its imports
 * logged), naming each: an action's outcome or a live-response session names only evidence that exists.
 */
export function checkEvidenceIds(caseId: string, records: readonly JournalRecord[], ids: readonly string[], what: string): void {
  if (!ids.length) return;
  const items = evidenceItems(records);
  const imported = replayState(caseId, records).evidence;
  const unknown = ids.filter((id) => !items.has(id) && !imported.has(id));
  if (unknown.length) {
    throw new CasebookError(
      'not-found',
      `${what}: case ${caseId} has no evidence item ${unknown.map((id) => `"${id}"`).join(', ')} (evidence list shows them); nothing was recorded`,
    );
  }
}

/** The latest verification of an item: an entry that checked its hash. */
function lastVerification(custody: readonly CustodyEntry[]): EvidenceRow['lastVerification'] {
  for (let i = custody.length - 1; i >= 0; i--) {
    const e = custody[i]!;
    if (e.hashVerified !== 'not-checked') return { at: e.at, result: e.hashVerified };
  }
  return null;
}

function strongest(hashes: EvidenceItem['hashes']): EvidenceRow['hash'] {
  if (hashes.sha256) return { alg: 'SHA-256', value: hashes.sha256 };
  if (hashes.sha1) return { alg: 'SHA-1', value: hashes.sha1 };
  return hashes.md5 ? { alg: 'MD5', value: hashes.md5 } : null;
}

export function itemRow(state: ItemState): EvidenceRow {
  const { item, custody } = state;
  return {
    id: item.id,
    origin: 'item',
    title: item.title,
    kind: item.kind,
    storage: item.storage,
    size: item.size,
    sha256: item.hashes.sha256,
    hash: strongest(item.hashes),
    acquiredAt: item.acquiredAt,
    addedAt: item.addedAt,
    addedBy: item.addedBy,
    custodyCount: custody.length,
    lastVerification: lastVerification(custody),
    links: item.links,
  };
}

/** A file an import logged as evidence, as a row of the same list. */
export function importRow(record: EvidenceRecord): EvidenceRow {
  return {
    id: record.id,
    origin: 'import',
    title: record.name,
    kind: 'import',
    storage: 'import',
    size: record.size,
    sha256: record.sha256,
    hash: { alg: 'SHA-256', value: record.sha256 },
    acquiredAt: null,
    addedAt: record.addedAt,
    addedBy: record.addedBy,
    custodyCount: 0,
    lastVerification: null,
    links: { entities: [], events: [], alerts: [] },
  };
}

/**
 * Removes what an ingest killed mid-way left in the case's evidence folder (a staging folder, or a
 * published folder no record names): run when the case is opened for writing, and before each ingest.
 */
export function sweepUnrecorded(caseDir: string, records: readonly JournalRecord[]): Promise<string[]> {
  return sweepEvidence(caseDir, new Set(evidenceItems(records).keys()));
}
