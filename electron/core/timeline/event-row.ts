import type { TimelineEvent } from '../../../shared/domain/timeline';

/**
 * An event in the form a run stores it: tags and attributes as JSON text ('' when
 * there are none). Importers of large tabular files write rows directly, which
 * spares a million events their tag arrays and attribute objects.
 */
export interface EventRow extends Omit<TimelineEvent, 'tags' | 'attributes'> {
  /** A JSON array of strings, or ''. */
  tagsJson: string;
  /** A JSON object of string values, or ''. */
  attributesJson: string;
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
    attributes: row.attributesJson ? (JSON.parse(row.attributesJson) as Record<string, string>) : {},
  };
}

/** Characters a JSON string must escape (and lone surrogates, which JSON.stringify writes as \u escapes). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Writes the attributes of tabular rows as JSON object text: each column's
 * name is escaped once per file, and a value needs JSON.stringify only when it
 * holds a character to escape. Empty values are left out, as events leave them out.
 */
export class AttributesJsonWriter {
  private readonly keys: string[];
  private readonly indexes: number[];

  /** `columns`: each attribute's name and the index of its field in a row. */
  constructor(columns: readonly (readonly [string, number])[]) {
    this.keys = columns.map(([name]) => `${JSON.stringify(name)}:`);
    this.indexes = columns.map(([, index]) => index);
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
}
