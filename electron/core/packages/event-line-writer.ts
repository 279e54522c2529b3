import { isUtf8 } from 'node:buffer';
import { isoUs } from '../../../shared/time';
import { SEGMENT_MARKER } from '../timeline/attribute-segment';
import { scanMembers, writeMembersForLine } from './event-attributes';
import { ATTR_PREFIX, eventLine, RESERVED } from './event-lines';
import type { ByteSink } from './json-bytes';
import { isIndexKey } from './json-bytes';
import { runEvent, type StoredRun } from './run-events';

/**
 * A stored run's events written as event lines (event-lines.ts) straight
 * from its columns into a byte buffer: each dictionary value (description,
 * source, host, user, tags) is made into its JSON once per run, messages and
 * attributes are copied from the run's bytes, escaped where JSON needs it.
 * The bytes are exactly eventLine's; what this cannot copy as it is (an
 * attribute named like an array index or a reserved field, a value with an
 * unusual escape) is written by eventLine itself.
 */

const DAY_US = 86_400_000_000;
const OPEN = Buffer.from('{"message":');
const DATETIME = Buffer.from(',"datetime":"');
const TIMESTAMP = Buffer.from('","timestamp":');
const CLOSE = Buffer.from('}\n');
const EMPTY = Buffer.alloc(0);

/** Each id of a dictionary column as the bytes its field takes in a line (`,"key":"value"`, or nothing). */
function fieldBytes(values: readonly string[], key: string, omitEmpty: boolean, json = (v: string) => JSON.stringify(v)): Buffer[] {
  return values.map((v) => (omitEmpty && v === '' ? EMPTY : Buffer.from(`,"${key}":${json(v)}`)));
}

function tagBytes(values: readonly string[]): Buffer[] {
  return values.map((json) => {
    const tags = json ? (JSON.parse(json) as string[]) : [];
    return tags.length ? Buffer.from(`,"tag":${JSON.stringify(tags)}`) : EMPTY;
  });
}

/** The keys of a run's attribute segment as a line writes them, or null when a line could not copy them in order. */
function segmentKeys(columns: readonly string[]): Buffer[] | null {
  const names = columns.map((k) => (RESERVED.has(k) || k.startsWith(ATTR_PREFIX) ? ATTR_PREFIX + k : k));
  const clean = names.every((n) => n !== '__proto__' && !isIndexKey(Buffer.from(n), 0, Buffer.byteLength(n))) && new Set(names).size === names.length;
  return clean ? names.map((n) => Buffer.from(`,${JSON.stringify(n)}:`)) : null;
}

/** Writes the ISO 8601 time of each event; the date is made once per day. */
class IsoWriter {
  private day = NaN;
  private date = EMPTY;

  write(sink: ByteSink, us: number): void {
    const micros = Math.round(us);
    const days = Math.floor(micros / DAY_US);
    if (days !== this.day) {
      const start = isoUs(days * DAY_US);
      // Years outside 0000-9999 are written another way (isoUs): those days take the slow path.
      this.date = start.length === 27 ? Buffer.from(start.slice(0, 11)) : EMPTY;
      this.day = days;
    }
    if (this.date === EMPTY || !Number.isSafeInteger(micros)) return sink.ascii(isoUs(us));
    sink.put(this.date);
    sink.room(16);
    const b = sink.buf;
    let at = sink.at;
    const inDay = micros - days * DAY_US;
    const seconds = Math.floor(inDay / 1_000_000);
    const two = (v: number) => {
      b[at++] = 0x30 + Math.floor(v / 10);
      b[at++] = 0x30 + (v % 10);
    };
    two(Math.floor(seconds / 3600));
    b[at++] = 0x3a;
    two(Math.floor(seconds / 60) % 60);
    b[at++] = 0x3a;
    two(seconds % 60);
    b[at++] = 0x2e;
    let f = inDay - seconds * 1_000_000;
    for (let k = 5; k >= 0; k--) {
      b[at + k] = 0x30 + (f % 10);
      f = Math.floor(f / 10);
    }
    at += 6;
    b[at++] = 0x5a;
    sink.at = at;
  }
}

/** Appends a run's events as event lines to `sink`; returns how many. */
export function writeRunLines(sink: ByteSink, run: StoredRun): number {
  const { cols, text } = run;
  const n = cols.header.count;
  const slow = (i: number) => sink.text(eventLine(runEvent(run, i)));
  if (!isUtf8(text.msgBytes)) {
    for (let i = 0; i < n; i++) slow(i);
    return n;
  }
  const { dicts } = cols.header;
  const desc = fieldBytes(dicts.desc, 'timestamp_desc', false);
  const source = fieldBytes(dicts.source, 'casebook_source', false);
  const host = fieldBytes(dicts.host, 'hostname', true);
  const user = fieldBytes(dicts.user, 'username', true);
  const tags = tagBytes(dicts.tags);
  const attrUtf8 = isUtf8(text.attrBytes);
  const segment = text.attrSegment;
  const keys = segment && attrUtf8 ? segmentKeys(segment.columns) : null;
  const delimiter = segment ? segment.delimiter.charCodeAt(0) : -1;
  const iso = new IsoWriter();
  const { msgOffsets, msgBytes, attrOffsets, attrBytes } = text;
  for (let i = 0; i < n; i++) {
    const a0 = attrOffsets[i]!;
    const a1 = attrOffsets[i + 1]!;
    const isSegment = a1 > a0 && attrBytes[a0] === SEGMENT_MARKER;
    const isJson = a1 > a0 && !isSegment;
    if ((isSegment && (!keys || !segmentFits(attrBytes, a0 + 1, a1, delimiter, keys.length))) || (isJson && !jsonFits(attrBytes, a0, a1, attrUtf8))) {
      slow(i);
      continue;
    }
    const time = cols.time[i]!;
    sink.put(OPEN);
    sink.utf8String(msgBytes, msgOffsets[i]!, msgOffsets[i + 1]!);
    sink.put(DATETIME);
    iso.write(sink, time);
    sink.put(TIMESTAMP);
    sink.number(time);
    sink.put(desc[cols.ids.desc[i]!]!);
    sink.put(tags[cols.ids.tags[i]!]!);
    sink.put(host[cols.ids.host[i]!]!);
    sink.put(user[cols.ids.user[i]!]!);
    sink.put(source[cols.ids.source[i]!]!);
    if (isSegment) writeSegment(sink, attrBytes, a0 + 1, a1, delimiter, keys!);
    else if (isJson && a1 - a0 > 2) writeMembersForLine(sink, attrBytes, a0 + 1, a1 - 1);
    sink.put(CLOSE);
  }
  return n;
}

/** Whether stored JSON attributes can be copied into a line as they are. */
function jsonFits(bytes: Uint8Array, start: number, end: number, utf8: boolean): boolean {
  return utf8 && bytes[start] === 0x7b && bytes[end - 1] === 0x7d && scanMembers(bytes, start + 1, end - 1);
}

/** Whether a segment holds one value per column (else segmentAttributes refuses it, on the slow path). */
function segmentFits(bytes: Uint8Array, start: number, end: number, delimiter: number, columns: number): boolean {
  let values = 1;
  for (let i = start; i < end; i++) if (bytes[i] === delimiter) values++;
  return values === columns;
}

/** A segment's non-empty values, each after its key, as segmentAttributes and eventLine would write them. */
function writeSegment(sink: ByteSink, bytes: Uint8Array, start: number, end: number, delimiter: number, keys: readonly Buffer[]): void {
  let from = start;
  let k = 0;
  for (let i = start; i <= end; i++) {
    if (i < end && bytes[i] !== delimiter) continue;
    if (i > from) {
      sink.put(keys[k]!);
      sink.utf8String(bytes, from, i);
    }
    k++;
    from = i + 1;
  }
}
