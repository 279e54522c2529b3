import { z } from 'zod';
import type { AuditEntry } from './audit';

/**
 * Evidence items and their chain of custody (electron/core/evidence/). An
 * item is either ingested (its bytes, or a whole folder's, sealed in the
 * case's blob store with SHA-256, SHA-1 and MD5 computed as they were read) or
 * held elsewhere by reference (its hashes typed in or pasted from a tool).
 * Custody entries are append-only: a correction is a new entry naming the one
 * it corrects.
 */

export const EVIDENCE_KINDS = ['disk-image', 'memory-image', 'logs', 'triage-collection', 'file', 'screenshot', 'email', 'mobile-extraction', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  'disk-image': 'Disk image',
  'memory-image': 'Memory image',
  logs: 'Logs',
  'triage-collection': 'Triage collection',
  file: 'File',
  screenshot: 'Screenshot',
  email: 'E-mail',
  'mobile-extraction': 'Mobile extraction',
  other: 'Other',
};

export const CUSTODY_EVENTS = [
  'collected',
  'transferred',
  'received',
  'analysed',
  'copied',
  'stored',
  'returned',
  'destroyed',
  'verified',
  'exported',
] as const;
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];
/** The events an analyst records by hand; verified and exported are recorded by the engine as it does them. */
export const MANUAL_CUSTODY_EVENTS = ['collected', 'transferred', 'received', 'analysed', 'copied', 'stored', 'returned', 'destroyed'] as const;

export interface Hashes {
  sha256: string | null;
  sha1: string | null;
  md5: string | null;
}

/** One file of an ingested item (a folder has one per file, a single file one). */
export interface EvidenceFile {
  /** Relative to the ingested folder, with '/' separators; a single file: its name. */
  path: string;
  size: number;
  /** The file's modification time when it was read (ISO). */
  mtime: string;
  sha256: string;
  sha1: string;
  md5: string;
  /** The blob holding it, in the item's folder of the blob store. */
  blob: string;
}

export interface EvidenceLinks {
  entities: string[];
  events: string[];
  alerts: string[];
}

export interface EvidenceItem {
  id: string;
  caseId: string;
  storage: 'ingested' | 'reference';
  title: string;
  kind: EvidenceKind;
  description: string;
  sourceHost: string | null;
  acquiredBy: string | null;
  acquiredAt: string | null;
  tool: string | null;
  storageLocation: string | null;
  size: number | null;
  hashes: Hashes;
  /** Ingested items: every file with its hashes (a folder's manifest). */
  files: EvidenceFile[];
  /** Entries of an ingested folder that were not regular files (links, devices), not stored. */
  skipped: string[];
  links: EvidenceLinks;
  addedBy: string;
  addedAt: string;
}

export interface CustodyEntry {
  id: string;
  itemId: string;
  event: CustodyEvent;
  /** Who did it (the actor unless given). */
  by: string;
  from: string | null;
  to: string | null;
  /** When it happened (ISO), which may be before it was recorded. */
  at: string;
  where: string | null;
  purpose: string | null;
  notes: string | null;
  /** Whether the hash was checked at this step, and what the check found. */
  hashVerified: 'match' | 'mismatch' | 'not-checked';
  /** The entry this one corrects. */
  corrects: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** Whether an ingested item is exported as a folder (a collection, or anything but one regular file) rather than one file. */
export function exportsAsFolder(item: Pick<EvidenceItem, 'files' | 'kind' | 'skipped'>): boolean {
  return item.files.length !== 1 || item.kind === 'triage-collection' || item.skipped.length > 0;
}

/** The name an export is offered under: the file's own name, or for a folder the item's title, made safe for any file system. */
export function exportName(item: Pick<EvidenceItem, 'files' | 'kind' | 'skipped' | 'title'>): string {
  const name = exportsAsFolder(item) ? item.title : item.files[0]!.path.split('/').pop()!;
  // Characters no file system takes in a name, and control characters, become '_'.
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'evidence';
}

/** The custody report's file name (without extension) for one item's title, or a case's title with `case` set. */
export function custodyReportBase(title: string, scope: 'item' | 'case'): string {
  return `custody-${(scope === 'case' ? `case-${title}` : title).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80)}`;
}

/** A row of the evidence list: an item, or a file an import logged as evidence. */
export interface EvidenceRow {
  id: string;
  origin: 'item' | 'import';
  title: string;
  kind: EvidenceKind | 'import';
  storage: 'ingested' | 'reference' | 'import';
  size: number | null;
  sha256: string | null;
  /** The strongest hash known: SHA-256, else SHA-1, else MD5 (an item held elsewhere may have only the weaker ones). */
  hash: { alg: 'SHA-256' | 'SHA-1' | 'MD5'; value: string } | null;
  acquiredAt: string | null;
  addedAt: string;
  addedBy: string;
  custodyCount: number;
  lastVerification: { at: string; result: 'match' | 'mismatch' } | null;
  /** What the item is linked to (an imported file: nothing), so a page can list the evidence linked to it. */
  links: EvidenceLinks;
}

/** One link of an item, named as the case knows it now. */
export interface LinkedTarget {
  kind: 'entity' | 'alert' | 'event';
  id: string;
  /** The entity's value, the alert's title, the event's message; the id when the case no longer has it. */
  label: string;
  /** The entity's type, the alert's severity, the event's host and source. */
  detail: string | null;
  /** An event's time (µs since the epoch), to show it in the timeline. */
  time: number | null;
  /** False when the case no longer has what was linked (the link stays in the journal). */
  found: boolean;
}

export interface EvidenceDetail {
  item: EvidenceItem;
  custody: CustodyEntry[];
  /** The item's links with their names, entities then alerts then events, each in the order they were linked. */
  linked: LinkedTarget[];
}

export interface VerifyResult {
  itemId: string;
  title: string;
  result: 'match' | 'mismatch';
  /** What differs, file by file, or why a blob could not be read; empty on a match. */
  problems: string[];
  entry: CustodyEntry;
}

/**
 * The part of the contract's ChangeSet an evidence write answers with (the same shape, declared here
 * so shared/ipc/methods/evidence.ts need not import contract.ts, which imports it).
 */
export interface EvidenceChanges {
  revisions: {
    caseId: string;
    revision: number;
    counts: Record<'events' | 'alerts' | 'entities' | 'indicators' | 'actions' | 'evidence' | 'matches' | 'notes', number>;
  }[];
  audit: AuditEntry[];
}

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).optional();
const hex = (n: number, name: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^[0-9a-fA-F]{${n}}$`), `a ${name} is ${n} hexadecimal digits`)
    .transform((s) => s.toLowerCase());

export const hashesInputSchema = z
  .object({ sha256: hex(64, 'SHA-256').optional(), sha1: hex(40, 'SHA-1').optional(), md5: hex(32, 'MD5').optional() })
  .strict();

const isoTime = z.string().datetime({ offset: true, message: 'a time is ISO 8601 with its zone, as 2026-12-03T15:00:00Z' });

/** What an analyst says of an item, ingested or not. */
export const evidenceFieldsSchema = z
  .object({
    title: text(300).min(1, 'give the item a title'),
    kind: z.enum(EVIDENCE_KINDS).default('file'),
    description: text(10_000).default(''),
    sourceHost: optionalText(500),
    acquiredBy: optionalText(200),
    acquiredAt: isoTime.optional(),
    tool: optionalText(300),
    storageLocation: optionalText(1000),
    links: z
      .object({ entities: z.array(text(200)).max(1000), events: z.array(text(200)).max(1000), alerts: z.array(text(200)).max(1000) })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

const linkIds = z.array(text(200).min(1, 'a link names an id')).max(1000);
/** Links to add to or take from an item: entity ids, alert ids, timeline event ids. */
export const evidenceLinkChangeSchema = z.object({ entities: linkIds.default([]), alerts: linkIds.default([]), events: linkIds.default([]) }).strict();
export type EvidenceLinkChange = z.output<typeof evidenceLinkChangeSchema>;

export const custodyInputSchema = z
  .object({
    event: z.enum(MANUAL_CUSTODY_EVENTS),
    by: optionalText(200),
    from: optionalText(200),
    to: optionalText(200),
    at: isoTime.optional(),
    where: optionalText(500),
    purpose: optionalText(1000),
    notes: optionalText(10_000),
    hashVerified: z.enum(['match', 'mismatch', 'not-checked']).default('not-checked'),
    corrects: z.string().max(100).optional(),
  })
  .strict();
