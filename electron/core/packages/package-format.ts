import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, packageSelectionSchema, type PackageManifest } from '../../../shared/domain/packages';
import type { JournalRecord } from '../cases/records/journal-record';
import { isEvidenceName, unsafeEvidenceName } from './evidence-names';

/**
 * What is inside a package's tar, in this order (the manifest, which names
 * every file's hash, comes after the files so they can be streamed):
 *
 *   journal.jsonl                   one line per record: {"seq","record","chain"}
 *   events/<import id>-<nnnn>.jsonl the events of one timeline run, as Timesketch JSONL
 *   entities/<import id>-e<k>.jsonl the entities the import found only in its events (entity-lines.ts)
 *   evidence/<item id>/<path>       the files of ingested evidence items, as ingested (evidence-names.ts)
 *   evidence/<item id>.custody.json each item's record and chain of custody
 *   manifest.json
 *   SHA256SUMS                      every file above, for `sha256sum -c`
 *   manifest.sig                    optional: Ed25519 over manifest.json's bytes
 *
 * The journal chain: chain(n) = SHA-256 hex of chain(n-1) + "\n" + the record's
 * JSON (JSON.stringify of the line's "record", as written), chain(0) = 64 zeros.
 * It lets anyone re-check that no line was edited, dropped or reordered
 * without the case's key (the case's own chain is sealed under it).
 */

export const JOURNAL_FILE = 'journal.jsonl';
export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';
export const SIGNATURE_FILE = 'manifest.sig';
export const EVENTS_DIR = 'events';
export const ENTITIES_DIR = 'entities';
export const CHAIN_START = '0'.repeat(64);

/** Names a package may hold: plain relative paths, no `.`/`..` segments, no backslashes. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,200}){0,3}$/;

/** Why an entry name is refused, or null when it may be read. */
export function unsafeName(name: string): string | null {
  if (name.startsWith('/')) return `"${name}" is an absolute path`;
  if (name.split('/').some((s) => s === '..')) return `"${name}" climbs out of the package (..)`;
  if (isEvidenceName(name)) return unsafeEvidenceName(name);
  if (!SAFE_NAME.test(name)) return `"${name}" is not a plain relative file name`;
  return null;
}

export function eventsPartName(importId: string, index: number): string {
  return `${EVENTS_DIR}/${importId}-${String(index).padStart(4, '0')}.jsonl`;
}

export function entitiesPartName(importId: string, page: number): string {
  return `${ENTITIES_DIR}/${importId}-e${page}.jsonl`;
}

export function chainNext(prev: string, recordJson: string): string {
  return createHash('sha256').update(prev).update('\n').update(recordJson).digest('hex');
}

/** One journal line and the chain value it carries. */
export function journalLine(prev: string, record: JournalRecord): { line: string; chain: string } {
  const json = JSON.stringify(record);
  const chain = chainNext(prev, json);
  return { line: `{"seq":${record.seq},"record":${json},"chain":"${chain}"}\n`, chain };
}

export function sumsText(parts: readonly { name: string; sha256: string }[]): string {
  return parts.map((p) => `${p.sha256}  ${p.name}\n`).join('');
}

/** Parses SHA256SUMS (the text form sha256sum writes); throws naming the line. */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`${SUMS_FILE} line ${i + 1} is not "<sha256>  <name>"`);
    sums.set(m[2]!, m[1]!);
  });
  return sums;
}

export const signatureSchema = z
  .object({
    algorithm: z.literal('ed25519'),
    /** base64 of the raw public key. */
    publicKey: z.string(),
    fingerprint: z.string(),
    /** base64 of the signature over manifest.json's bytes. */
    signature: z.string(),
  })
  .strict();
export type PackageSignature = z.output<typeof signatureSchema>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex');
const count = z.number().int().nonnegative();

export const manifestSchema: z.ZodType<PackageManifest> = z.object({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.number().int().max(PACKAGE_FORMAT_VERSION, `this Casebook reads package formats up to ${PACKAGE_FORMAT_VERSION}`),
  kind: z.literal('case'),
  createdAt: z.string(),
  createdBy: z.object({ actor: z.string(), signingFingerprint: z.string().nullable() }),
  case: z.object({ id: z.string().uuid(), title: z.string(), revision: count }),
  counts: z.object({ records: count, events: count, alerts: count, entities: count, indicators: count, actions: count, evidence: count }),
  journal: z.object({ records: count, head: hex64.nullable(), caseHead: z.string().nullable() }),
  selection: packageSelectionSchema.nullable(),
  redaction: z
    .object({
      fields: z.array(z.string()),
      placeholders: z.record(z.string(), count),
      freeText: z.boolean().optional(),
      evidenceContents: z.enum(['unchanged', 'none']).optional(),
    })
    .nullable(),
  parts: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['journal', 'events', 'entities', 'evidence', 'custody']),
      bytes: count,
      sha256: hex64,
      importId: z.string().optional(),
      events: count.optional(),
      entities: count.optional(),
      source: z.string().optional(),
      firstEventId: count.optional(),
      itemId: z.string().optional(),
      path: z.string().optional(),
    }),
  ),
});

/** The manifest's JSON checked against its schema; throws naming the field. */
export function parseManifest(bytes: Buffer): PackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`${MANIFEST_FILE} is not JSON (${(err as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${MANIFEST_FILE}: ${issue.path.join('.') || 'the manifest'}: ${issue.message}`);
  }
  return parsed.data;
}
