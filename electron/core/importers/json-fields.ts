/**
 * JSON records as timeline attributes: nested objects flattened to dotted
 * names (`alert.signature`, `id.orig_h`), as Zeek and Suricata name their
 * fields, so each leaf is an attribute of its own; lists and other values
 * written as text (lists as JSON).
 */

export type Fields = Record<string, unknown>;

export function flatten(row: Record<string, unknown>, prefix = '', out: Fields = {}): Fields {
  for (const key in row) {
    const v = row[key];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${prefix}${key}.`, out);
    else out[`${prefix}${key}`] = v;
  }
  return out;
}

export function attributeText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Every field with a value, as text. */
export function attributesOf(row: Fields): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key in row) {
    const v = row[key];
    if (v !== undefined && v !== null) attributes[key] = attributeText(v);
  }
  return attributes;
}
