import { isoUs } from '../../../../shared/time';
import { tooDeep } from '../nesting';
import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { dataObject } from '../data-object';
import { parseExactJson } from '../exact-json-parse';

/**
 * Small readers for loosely typed JSON from Microsoft APIs: fields may be
 * missing, null, numbers where strings are documented, or JSON encoded inside
 * a string (Sentinel's Entities, Defender's AdditionalFields).
 */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value as text; '' for null, undefined and objects. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

/** The first of `keys` that holds non-empty text. */
export function pick(o: Json, ...keys: string[]): string {
  for (const k of keys) {
    const v = str(o[k]).trim();
    if (v) return v;
  }
  return '';
}

/** Looks a key up ignoring case: Log Analytics writes PascalCase, the REST API camelCase. */
export function field(o: Json, key: string): unknown {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const k in o) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** Like pick, ignoring the case of the keys. */
export function pickAnyCase(o: Json, ...keys: string[]): string {
  for (const k of keys) {
    const v = str(field(o, k)).trim();
    if (v) return v;
  }
  return '';
}

/** JSON written inside a string field, parsed; other values as they are; unparsable text stays text. */
export function unpackJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return v;
  try {
    const parsed = parseExactJson(t);
    // Nested too deep to walk safely: kept as the text it was.
    return tooDeep(parsed) ? v : parsed;
  } catch {
    return v;
  }
}

/** A list field: an array, a JSON array in a string, a comma-separated string, or one value. */
export function list(v: unknown): unknown[] {
  const u = unpackJson(v);
  if (Array.isArray(u)) return u;
  if (u === null || u === undefined || u === '') return [];
  if (typeof u === 'string')
    return u
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [u];
}

export const strings = (v: unknown): string[] =>
  list(v)
    .map(str)
    .map((s) => s.trim())
    .filter(Boolean);

/** An attribute value as the timeline stores it: text, or JSON for structures. */
export function attrText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Non-empty fields of `o` except `skip`, for attributes. */
export function rest(o: Json, skip: ReadonlySet<string> = new Set()): Json {
  const out: Json = dataObject();
  for (const k in o) {
    const v = o[k];
    if (skip.has(k) || v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** .NET's "no date" (0001-01-01) and friends: empty, not a time. */
const NO_DATE = /^0001-01-01/;

/**
 * An optional time field → µs, or null when absent. A present but unreadable
 * time is an invalid record (the import refuses the file in strict mode, naming
 * the field), and the record is still imported without that time otherwise.
 */
export function optionalUs(ctx: ImportContext, v: unknown, position: Position, name: string): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number') {
    ctx.invalid({ position, field: name, reason: `expected a time, found ${Array.isArray(v) ? 'a list' : typeof v}` });
    return null;
  }
  if (typeof v === 'string' && NO_DATE.test(v.trim())) return null;
  return ctx.time(v, position, name);
}

/** Like optionalUs, as ISO 8601 UTC text (how records store times). */
export function optionalIso(ctx: ImportContext, v: unknown, position: Position, name: string): string | null {
  const us = optionalUs(ctx, v, position, name);
  return us === null ? null : isoUs(us);
}

/** Joins a folder and a file name with a backslash or slash, whichever the folder uses; a folder that already ends with the name is the path. */
export function joinPath(folder: string, name: string): string {
  if (!folder) return name;
  if (!name) return folder;
  if (folder.toLowerCase().endsWith(name.toLowerCase())) return folder;
  const sep = folder.includes('/') && !folder.includes('\\') ? '/' : '\\';
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** Registry hive names as the short form (HKLM...), so keys from different sources compare equal. */
const HIVES: Record<string, string> = {
  hkey_local_machine: 'HKLM',
  hkey_current_user: 'HKCU',
  hkey_users: 'HKU',
  hkey_classes_root: 'HKCR',
  hkey_current_config: 'HKCC',
};

const SHORT_HIVES = new Set(Object.values(HIVES));

/** 'HKEY_LOCAL_MACHINE' or 'HKLM' → 'HKLM'; anything else → null. */
function shortHive(name: string): string | null {
  return HIVES[name.trim().toLowerCase()] ?? (SHORT_HIVES.has(name.trim().toUpperCase()) ? name.trim().toUpperCase() : null);
}

/** Hive and key as one path with the short hive name; the key may already start with its hive. */
export function registryPath(hive: string, key: string): string {
  const parts = key.replace(/^\\+/, '').split('\\');
  const head = shortHive(parts[0]!);
  if (head) return [head, ...parts.slice(1)].join('\\');
  const h = shortHive(hive) ?? hive.trim();
  return h ? [h, ...parts].join('\\') : parts.join('\\');
}
