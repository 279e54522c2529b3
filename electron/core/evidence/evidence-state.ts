import type { CustodyEntry, EvidenceItem, EvidenceRow } from '../../../shared/domain/evidence';
import type { EvidenceRecord } from '../../../shared/domain/records';
import type { JournalRecord } from '../cases/records/journal-record';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY } from '../cases/records/evidence-records';

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
      items.set(item.id, { item, key: blobKey ? Buffer.from(blobKey, 'base64') : null, custody: [] });
    } else if (r.type === EVIDENCE_CUSTODY) {
      items.get(r.data.entry.itemId)?.custody.push(r.data.entry);
    }
  }
  memo.set(records, { length: records.length, items });
  return items;
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
  };
}
