import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { InPlaceWriter } from './byte-column';
import type { EntitySpans } from './entity-spans';
import { ENTITY_FIELD_KINDS, fieldKind } from './entity-fields';
import type { AttributeSegment } from './attribute-segment';

/**
 * An event in the form a run stores it: tags and attributes as JSON text ('' when
 * there are none). Importers of large tabular files write rows directly, which
 * spares a million events their tag arrays and attribute objects.
 */
export interface EventRow extends Omit<TimelineEvent, 'tags' | 'attributes'> {
  /** A JSON array of strings, or ''. */
  tagsJson: string;
  /**
   * A JSON object of string values, or ''; or, from a tabular importer, the
   * row's fields and the writer that writes them as that JSON straight into
   * the run's bytes, so no string is made per row.
   */
  attributesJson: string | TabularAttributes;
}

/** A tabular row's attributes, written when the row is stored. */
export interface TabularAttributes {
  writer: AttributesJsonWriter;
  fields: readonly string[];
  /** The CSV record's text, when it held no quote (CsvRecord.text): its attributes can then be stored as a segment of it. */
  line?: string;
}

/** The attributes' JSON text, whichever form the row holds them in. */
export function attributesText(row: EventRow): string {
  const a = row.attributesJson;
  return typeof a === 'string' ? a : a.writer.write(a.fields);
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

export function eventToRow(event: TimelineEvent): EventRow {
  return {
    time: event.time,
    timestampDesc: event.timestampDesc,
    message: event.message,
    source: event.source,
    host: event.host,
    user: event.user,
    tagsJson: event.tags.length ? JSON.stringify(event.tags) : '',
    attributesJson: hasKeys(event.attributes) ? JSON.stringify(event.attributes) : '',
  };
}

export function rowToEvent(row: EventRow): TimelineEvent {
  return {
    time: row.time,
    timestampDesc: row.timestampDesc,
    message: row.message,
    source: row.source,
    host: row.host,
    user: row.user,
    tags: row.tagsJson ? (JSON.parse(row.tagsJson) as string[]) : [],
    attributes: attributesJsonToObject(attributesText(row)),
  };
}

function attributesJsonToObject(json: string): Record<string, string> {
  return json ? (JSON.parse(json) as Record<string, string>) : {};
}

/** Characters a JSON string must escape (and lone surrogates, which JSON.stringify writes as \u escapes). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Writes the attributes of tabular rows as JSON object text: each column's
 * name is escaped once per file, and a value needs JSON.stringify only when it
 * holds a character to escape. Empty values are left out, as events leave them out.
 */
export class AttributesJsonWriter implements InPlaceWriter<readonly string[]> {
  private readonly keys: string[];
  /** Each key (`"name":`, with the ',' or '{' before it) as UTF-8. */
  private readonly keyBytes: Buffer[];
  private readonly indexes: number[];
  /** Per column, the code of the entity kind its name gives (ENTITY_FIELD_KINDS), or -1. */
  readonly kinds: number[];
  /** The columns as a segment of the row's text, when they are side by side (attribute-segment.ts); else null. */
  readonly segment: AttributeSegment | null;

  /** `columns`: each attribute's name and the index of its field in a row; `delimiter`, the CSV's. */
  constructor(columns: readonly (readonly [string, number])[], delimiter = ',') {
    this.keys = columns.map(([name]) => `${JSON.stringify(name)}:`);
    this.keyBytes = this.keys.map((key) => Buffer.from(`,${key}`));
    this.indexes = columns.map(([, index]) => index);
    this.kinds = columns.map(([name]) => {
      const kind = fieldKind(name);
      return kind ? ENTITY_FIELD_KINDS.indexOf(kind) : -1;
    });
    const sideBySide = columns.length > 0 && this.indexes.every((index, k) => index === this.indexes[0]! + k);
    const oneAscii = delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80;
    this.segment = sideBySide && oneAscii ? { columns: columns.map(([name]) => name), delimiter } : null;
  }

  /** The text of a quote-free record (fields = line.split(delimiter)) that holds the attribute columns; needs a segment. */
  segmentText(fields: readonly string[], line: string): string {
    const first = this.indexes[0]!;
    let start = 0;
    for (let f = 0; f < first; f++) start += fields[f]!.length + 1;
    let end = start - 1;
    for (let f = first; f < first + this.indexes.length; f++) end += fields[f]!.length + 1;
    return line.slice(start, end);
  }

  write(fields: readonly string[]): string {
    let out = '';
    for (let k = 0; k < this.indexes.length; k++) {
      const value = fields[this.indexes[k]!]!;
      if (value === '') continue;
      out += (out === '' ? '{' : ',') + this.keys[k]! + (NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);
    }
    return out === '' ? '' : `${out}}`;
  }

  /**
   * write(fields), as UTF-8 bytes at `at` in `bytes` (which has room for
   * maxBytes(fields)); returns where they end. Printable ASCII is copied a
   * character at a time, anything else goes through JSON.stringify. The
   * values of columns whose names say they hold entities are noted in `spans`.
   */
  writeInto(fields: readonly string[], bytes: Buffer, at: number, spans?: EntitySpans): number {
    const start = at;
    for (let k = 0; k < this.indexes.length; k++) {
      const value = fields[this.indexes[k]!]!;
      if (value === '') continue;
      const key = this.keyBytes[k]!;
      for (let i = 0; i < key.length; i++) bytes[at + i] = key[i]!;
      // The first key opens the object: its ',' becomes '{'.
      if (at === start) bytes[at] = 123;
      at += key.length;
      bytes[at++] = 34;
      const valueStart = at;
      let i = 0;
      for (; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c < 0x20 || c > 0x7e || c === 34 || c === 92) break;
        bytes[at++] = c;
      }
      if (i < value.length) {
        // The rest from the first character that needs more than a copy (never inside a surrogate pair: the pair's first half stopped the copy).
        const rest = JSON.stringify(value.slice(i));
        at += bytes.write(rest.slice(1, -1), at, 'utf8');
      }
      if (spans && this.kinds[k]! >= 0) spans.push(this.kinds[k]!, valueStart, at);
      bytes[at++] = 34;
    }
    if (at !== start) bytes[at++] = 125;
    return at;
  }

  /** The most bytes writeInto(fields) can take: six per UTF-16 unit (\u0001) is more than any escape or UTF-8 needs. */
  maxBytes(fields: readonly string[]): number {
    let max = 1;
    for (let k = 0; k < this.indexes.length; k++) max += this.keyBytes[k]!.length + 2 + fields[this.indexes[k]!]!.length * 6;
    return max;
  }
}
