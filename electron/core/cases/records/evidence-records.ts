import { z } from 'zod';
import type { FieldChange } from '../../../../shared/domain/audit';
import { CUSTODY_EVENTS, EVIDENCE_KINDS, type CustodyEntry, type EvidenceFile, type EvidenceItem } from '../../../../shared/domain/evidence';

/**
 * The journal records of evidence items (electron/core/evidence/): an item
 * added (ingested, with the key of its blobs, or by reference) and one custody
 * entry. Both are only ever appended: the chain of custody is the journal's
 * own chain, so an entry cannot be edited, dropped or reordered unnoticed.
 */
export const EVIDENCE_ADDED = 'evidence.added';
export const EVIDENCE_CUSTODY = 'evidence.custody';
/** Links of an item to entities, alerts and timeline events, added or taken away after it was added. */
export const EVIDENCE_LINKED = 'evidence.linked';

const text = z.string();
const maybeText = z.string().nullable();
const hex = z.string().regex(/^[0-9a-f]+$/);

const fileSchema: z.ZodType<EvidenceFile> = z.object({
  path: text,
  size: z.number().int().nonnegative(),
  mtime: text,
  sha256: hex,
  sha1: hex,
  md5: hex,
  blob: z.string().regex(/^f\d{6}\.blob$/),
});

export const evidenceItemSchema: z.ZodType<EvidenceItem> = z.looseObject({
  id: text,
  caseId: text,
  storage: z.enum(['ingested', 'reference']),
  title: text,
  kind: z.enum(EVIDENCE_KINDS),
  description: text,
  sourceHost: maybeText,
  acquiredBy: maybeText,
  acquiredAt: maybeText,
  tool: maybeText,
  storageLocation: maybeText,
  size: z.number().int().nonnegative().nullable(),
  hashes: z.object({ sha256: hex.nullable(), sha1: hex.nullable(), md5: hex.nullable() }),
  files: z.array(fileSchema),
  skipped: z.array(text),
  links: z.object({ entities: z.array(text), events: z.array(text), alerts: z.array(text) }),
  addedBy: text,
  addedAt: text,
});

export const custodyEntrySchema: z.ZodType<CustodyEntry> = z.looseObject({
  id: text,
  itemId: text,
  event: z.enum(CUSTODY_EVENTS),
  by: text,
  from: maybeText,
  to: maybeText,
  at: text,
  where: maybeText,
  purpose: maybeText,
  notes: maybeText,
  hashVerified: z.enum(['match', 'mismatch', 'not-checked']),
  corrects: maybeText,
  recordedBy: text,
  recordedAt: text,
});

export const evidenceAddedSchema = z.object({
  item: evidenceItemSchema,
  /** The item's blob key (base64), for an ingested item; sealed with the record under the case key. */
  blobKey: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/)
    .nullable(),
});
export interface EvidenceAddedData {
  item: EvidenceItem;
  blobKey: string | null;
}

export const evidenceCustodySchema = z.object({ entry: custodyEntrySchema });
export interface EvidenceCustodyData {
  entry: CustodyEntry;
}

const linkLists = z.object({ entities: z.array(text), alerts: z.array(text), events: z.array(text) });
export const evidenceLinkedSchema = z.object({ itemId: text, add: linkLists, remove: linkLists });
export interface EvidenceLinkedData {
  itemId: string;
  add: { entities: string[]; alerts: string[]; events: string[] };
  remove: { entities: string[]; alerts: string[]; events: string[] };
}

/** How an evidence record reads in the audit trail: what was added or recorded, never a key. */
export function evidenceAuditChanges(
  record:
    | { type: typeof EVIDENCE_ADDED; data: EvidenceAddedData }
    | { type: typeof EVIDENCE_CUSTODY; data: EvidenceCustodyData }
    | { type: typeof EVIDENCE_LINKED; data: EvidenceLinkedData },
): FieldChange[] {
  if (record.type === EVIDENCE_LINKED) {
    const { itemId, add, remove } = record.data;
    const named = (lists: EvidenceLinkedData['add']) =>
      [...lists.entities.map((id) => `entity ${id}`), ...lists.alerts.map((id) => `alert ${id}`), ...lists.events.map((id) => `event ${id}`)].join(', ') ||
      null;
    return [{ field: `links of ${itemId}`, from: named(remove), to: named(add) }];
  }
  if (record.type === EVIDENCE_ADDED) {
    const { item } = record.data;
    return [
      { field: 'evidence', from: null, to: `${item.title} (${item.kind}, ${item.storage}${item.hashes.sha256 ? `, SHA-256 ${item.hashes.sha256}` : ''})` },
    ];
  }
  const { entry } = record.data;
  const parts = [
    entry.event,
    entry.from && `from ${entry.from}`,
    entry.to && `to ${entry.to}`,
    `hash ${entry.hashVerified}`,
    entry.corrects && `corrects ${entry.corrects}`,
  ];
  return [{ field: `custody of ${entry.itemId}`, from: null, to: parts.filter(Boolean).join(', ') }];
}
