import type { EntityType } from '../../../shared/domain/records';
import { isIP } from './entity-keys';

/**
 * What counts as an entity in a timeline event (run-entities.ts applies it to
 * whole runs): its host and user (tallied by the run builder), attribute fields
 * whose names say what they hold (Image, TargetFilename, QueryName,
 * TargetUserName, WorkstationName...), and IPv4/IPv6 addresses, URLs, e-mail
 * addresses and hashes anywhere in its message or attributes.
 * Domains come from URLs and addresses only: free text is full of "file.exe"
 * that would look like domains.
 */
export type Found = [EntityType, string];
/** Entities found, flat: type, value, type, value... (no tuple per hit on the hot path). */
export type FoundList = string[];

export const IPV4_IN_TEXT = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
export const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>()]+/gi;
export const EMAIL_IN_TEXT = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
export const HASH_IN_TEXT = /\b[A-Fa-f0-9]{32}(?:[A-Fa-f0-9]{8}(?:[A-Fa-f0-9]{24})?)?\b/g;

// The kinds of entity an attribute's name gives are part of the run format (entity spans carry them): timeline/entity-fields.ts.
export { ENTITY_FIELD_KINDS, ENTITY_FIELD_NAMES, fieldKind } from '../timeline/entity-fields';

export const NOISE = new Set(['', '-', 'n/a', 'null', 'none', 'unknown', '0.0.0.0', '127.0.0.1', '::1', '::', '-\\-']);

/** The host and user of events become device and user entities, unless they are placeholders. */
export function isNoise(value: string): boolean {
  return NOISE.has(value.toLowerCase());
}

/** The entities an attribute of a known kind holds. */
export function entitiesOfField(kind: EntityType, value: string, out: FoundList): void {
  if (NOISE.has(value.toLowerCase())) return;
  if (kind === 'filePath' && !looksLikePath(value)) return;
  if (kind === 'hash') {
    // Sysmon's Hashes field: "SHA1=...,MD5=...,SHA256=..."
    for (const m of value.matchAll(HASH_IN_TEXT)) if (plausibleHash(m[0])) out.push('hash', m[0]);
  } else if (kind === 'ip') {
    if (isIP(value.replace(/^::ffff:/i, ''))) out.push('ip', value);
  } else if (kind === 'url') {
    addUrl(value, out);
  } else if (kind === 'emailAddress') {
    if (value.includes('@')) out.push('emailAddress', value);
  } else out.push(kind, value);
}

export function addUrl(url: string, out: FoundList): void {
  out.push('url', url);
  const host = /^https?:\/\/([^/:?#]+)/i.exec(url)?.[1];
  if (host && !isIP(host)) out.push('domain', host);
}

/** A path names a folder or drive: '/', '\\', or 'C:'; placeholders like '%{guid}' are not paths. */
function looksLikePath(value: string): boolean {
  return /[\\/]/.test(value) && !value.startsWith('%{');
}

/** Real digests use most hex digits; '0000…0001' and other padding do not. */
export function plausibleHash(hex: string): boolean {
  return new Set(hex.toLowerCase()).size >= 6;
}
