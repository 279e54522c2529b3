import { attrText, isObject, pick, str, unpackJson, type Json } from './values';
import { dataObject } from '../data-object';

/**
 * Log Analytics and advanced-hunting rows as exported: Kusto writes a column
 * whose type changed over time as `Name_string`, `Name_dynamic`, `Name_long`...
 * (the golden-SAML dataset has `AdditionalFields_string`, `ReportId_long`), and
 * `dynamic` columns arrive either as JSON objects or as JSON text.
 */

const TYPE_SUFFIX = /^(.+)_(string|dynamic|long|int|real|double|bool|boolean|datetime|guid|timespan|decimal)$/;

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** Column name → its plain name, or null; a table has few distinct columns, rows many. */
const baseNames = new Map<string, string | null>();

function baseName(column: string): string | null {
  let base = baseNames.get(column);
  if (base === undefined) {
    base = TYPE_SUFFIX.exec(column)?.[1] ?? null;
    if (baseNames.size < 10_000) baseNames.set(column, base);
  }
  return base;
}

/** The row with type-suffixed columns folded into their plain name when that one is empty. */
export function normalizeRow(row: Json): Json {
  let out: Json | null = null;
  for (const k in row) {
    const base = baseName(k);
    if (base === null) continue;
    // Into an object without a prototype: a "__proto___string" column folds into a "__proto__" key, not the prototype.
    out ??= Object.assign(dataObject(), row);
    if (empty(row[k])) {
      delete out[k];
    } else if (empty(out[base])) {
      out[base] = row[k];
      delete out[k];
    }
  }
  return out ?? row;
}

/** Account text that names no one. */
const NOBODY = new Set(['', '-', '-\\-', 'n/a', 'null', 'none', 'system\\-']);

/** The first of `keys` that names an account (skipping '-', 'N/A'...). */
export function pickAccount(row: Json, ...keys: string[]): string {
  for (const k of keys) {
    const v = str(row[k]).trim();
    if (!NOBODY.has(v.toLowerCase())) return v;
  }
  return '';
}

/** DOMAIN\name from two columns, or either alone. */
export function domainAccount(row: Json, domainKey: string, nameKey: string): string {
  const name = pick(row, nameKey);
  if (!name || NOBODY.has(name.toLowerCase())) return '';
  const domain = pick(row, domainKey);
  return domain && !NOBODY.has(domain.toLowerCase()) ? `${domain}\\${name}` : name;
}

/**
 * Every non-empty column as event attributes (text). JSON objects written into
 * `flatten` columns (AdditionalFields) are spread one level as
 * `Column.Key`, so their keys can be searched and faceted like any column.
 */
export function rowAttributes(row: Json, skip: ReadonlySet<string>, flatten: ReadonlySet<string> = new Set()): Record<string, string> {
  const out: Record<string, string> = dataObject();
  for (const k in row) {
    if (skip.has(k)) continue;
    const v = row[k];
    if (empty(v)) continue;
    if (flatten.has(k)) {
      const inner = unpackJson(v);
      if (isObject(inner)) {
        for (const ik in inner) if (!empty(inner[ik])) out[`${k}.${ik}`] = attrText(inner[ik]);
        continue;
      }
    }
    const text = attrText(v);
    if (text && text !== '[]' && text !== '{}') out[k] = text;
  }
  return out;
}
