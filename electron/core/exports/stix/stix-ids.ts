import { createHash } from 'node:crypto';

/**
 * Deterministic STIX identifiers. For cyber-observables, STIX 2.1 §2.9 fixes
 * the method: UUIDv5 in the namespace 00abedb4-aa42-466c-9c01-fed23315a9b7 over
 * the JSON-canonicalised (RFC 8785) object of the type's ID-contributing
 * properties, so any two producers give the same address the same id. The
 * other objects Casebook writes use UUIDv5 in Casebook's own namespace over
 * the case and the record's id: exporting a case twice gives the same bundle.
 */

export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Casebook's namespace for the ids of the objects it makes (a random UUIDv4, fixed once). */
export const CASEBOOK_STIX_NAMESPACE = 'c6e1f7a4-3b52-4c0e-9f7d-2a8b5e1d4c93';

/** RFC 4122 UUIDv5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * RFC 8785 (JCS) for the values ID-contributing properties hold: objects of
 * strings, numbers and nested objects, keys sorted by UTF-16 code units.
 * JSON.stringify already writes strings and integers as JCS does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The ID-contributing properties of each SCO type Casebook writes (STIX 2.1, each type's "ID Contributing Properties"). */
const ID_PROPERTIES: Record<string, readonly string[]> = {
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  'mac-addr': ['value'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  mutex: ['name'],
  directory: ['path'],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
};

/** The id of a cyber-observable from its ID-contributing properties. */
export function scoId(type: string, object: Record<string, unknown>): string {
  const contributing: Record<string, unknown> = {};
  for (const key of ID_PROPERTIES[type] ?? []) if (object[key] !== undefined) contributing[key] = object[key];
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(contributing))}`;
}

/** The id of an object Casebook makes for a record of a case (indicator, report, bundle). */
export function casebookId(type: string, caseId: string, recordId: string): string {
  return `${type}--${uuidV5(CASEBOOK_STIX_NAMESPACE, `${caseId}/${type}/${recordId}`)}`;
}
