import { isUtf8 } from 'node:buffer';
import type { EventRow } from '../timeline/event-row';
import { eventToRow } from '../timeline/event-row';
import { members, scanMembers, unprefixedTwice } from './event-attributes';
import { ATTR_PREFIX, parseEventLine } from './event-lines';
import { bytesAt, scanned, scanString } from './json-bytes';

/**
 * A part's event lines read where they lie in its bytes, one at a time: a line
 * laid out as eventLine writes it (its fields in that order, no spaces, every
 * attribute a string) is read field by field from the bytes, its attributes
 * kept as the JSON text they already are, and no object is made for it. Any
 * other line is read by parseEventLine, so every line gives what
 * eventToRow(parseEventLine(line)) gives, and fails with its message.
 */

const MESSAGE = Buffer.from('{"message":');
const DATETIME = Buffer.from(',"datetime":');
const TIMESTAMP = Buffer.from(',"timestamp":');
const DESC = Buffer.from(',"timestamp_desc":');
const TAG = Buffer.from(',"tag":[');
const HOST = Buffer.from(',"hostname":');
const USER = Buffer.from(',"username":');
const SOURCE = Buffer.from(',"casebook_source":');

/** Where the fields of the line just scanned lie (string ranges include their quotes; 0-length: absent). */
const line = {
  msg: 0,
  msgEnd: 0,
  msgEscaped: false,
  time: 0,
  desc: 0,
  descEnd: 0,
  tags: 0,
  tagsEnd: 0,
  tagsEscaped: false,
  host: 0,
  hostEnd: 0,
  user: 0,
  userEnd: 0,
  source: 0,
  sourceEnd: 0,
  /** The attributes' members, from after the comma to before the closing brace (attrs === attrsEnd: none). */
  attrs: 0,
  attrsEnd: 0,
  escaped: false,
};

/** A JSON string at `at` that is a field's value; -1 when there is none. Notes in `line.escaped` whether any so far held an escape. */
function field(buf: Buffer, at: number, end: number): number {
  const after = scanString(buf, at, end);
  if (after > 0 && scanned.escaped) line.escaped = true;
  return after;
}

/** A whole integer of at most 16 digits, read exactly (no more than Number.MAX_SAFE_INTEGER), at `at`; -1 when there is none. */
function integer(buf: Buffer, at: number, end: number): number {
  const negative = buf[at] === 0x2d;
  let i = negative ? at + 1 : at;
  let value = 0;
  const first = i;
  for (; i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39; i++) value = value * 10 + (buf[i]! - 0x30);
  if (i === first || i - first > 16 || value > Number.MAX_SAFE_INTEGER || (buf[first] === 0x30 && i - first > 1)) return -1;
  line.time = negative ? -value : value;
  return i;
}

/** Scans the line from `start` to `end` into `line`; false when it is not laid out as eventLine writes lines. */
function scanLine(buf: Buffer, start: number, end: number): boolean {
  line.escaped = false;
  let at = start + MESSAGE.length;
  if (!bytesAt(buf, start, MESSAGE) || (line.msg = at) < 0 || (at = scanString(buf, at, end)) < 0) return false;
  line.msgEnd = at;
  line.msgEscaped = scanned.escaped;
  if (!bytesAt(buf, at, DATETIME) || (at = scanString(buf, at + DATETIME.length, end)) < 0) return false;
  if (!bytesAt(buf, at, TIMESTAMP) || (at = integer(buf, at + TIMESTAMP.length, end)) < 0) return false;
  if (!bytesAt(buf, at, DESC) || (at = field(buf, (line.desc = at + DESC.length), end)) < 0) return false;
  line.descEnd = at;
  line.tags = line.tagsEnd = 0;
  line.tagsEscaped = false;
  if (bytesAt(buf, at, TAG)) {
    line.tags = at + TAG.length - 1;
    at = line.tags + 1;
    for (;;) {
      if ((at = scanString(buf, at, end)) < 0) return false;
      if (scanned.escaped) line.tagsEscaped = true;
      if (buf[at] === 0x5d) break;
      if (buf[at++] !== 0x2c) return false;
    }
    line.tagsEnd = ++at;
  }
  line.host = line.hostEnd = line.user = line.userEnd = 0;
  if (bytesAt(buf, at, HOST) && (at = field(buf, (line.host = at + HOST.length), end)) < 0) return false;
  line.hostEnd = line.host ? at : 0;
  if (bytesAt(buf, at, USER) && (at = field(buf, (line.user = at + USER.length), end)) < 0) return false;
  line.userEnd = line.user ? at : 0;
  if (!bytesAt(buf, at, SOURCE) || (at = field(buf, (line.source = at + SOURCE.length), end)) < 0) return false;
  line.sourceEnd = at;
  if (buf[end - 1] !== 0x7d) return false;
  line.attrs = at === end - 1 ? at : at + 1;
  line.attrsEnd = end - 1;
  if (at < end - 1 && (buf[at] !== 0x2c || line.attrs === line.attrsEnd)) return false;
  if (!scanMembers(buf, line.attrs, line.attrsEnd) || unprefixedTwice(buf)) return false;
  // Reserved names among the attributes would be fields given twice.
  for (let j = 0; j < members.count; j++) if (members.kind[j] === 1) return false;
  return true;
}

/** The text of a JSON string lying from `start` to `end` (quotes included). */
function text(buf: Buffer, start: number, end: number, escaped: boolean): string {
  return escaped ? (JSON.parse(buf.toString('utf8', start, end)) as string) : buf.toString('utf8', start + 1, end - 1);
}

/** The attributes' JSON text as eventToRow writes it: the members as they are, prefixed names unprefixed. */
function attributesJson(buf: Buffer): string {
  if (line.attrs === line.attrsEnd) return '';
  if (!members.anyKind) return `{${buf.toString('utf8', line.attrs, line.attrsEnd)}}`;
  let json = '{';
  for (let j = 0; j < members.count; j++) {
    const keyStart = members.keyStart[j]! + (members.kind[j] ? ATTR_PREFIX.length : 0);
    json += `${j ? ',' : ''}"${buf.toString('utf8', keyStart, members.valueEnd[j]!)}`;
  }
  return `${json}}`;
}

/** Reads one part's event lines in turn. */
export class EventLineReader {
  private at = 0;
  private n = 0;
  private readonly utf8: boolean;
  private lastTags = '';
  private lastTagsJson = '';

  constructor(
    private readonly bytes: Buffer,
    private readonly name: string,
  ) {
    // Invalid UTF-8 is read as parseEventLine reads it (replacement characters): only valid text is read where it lies.
    this.utf8 = isUtf8(bytes);
  }

  /** How many lines were read. */
  get count(): number {
    return this.n;
  }

  /** The next line's range, or null at the end. */
  private nextLine(): [number, number] | null {
    if (this.at >= this.bytes.length) return null;
    let end = this.bytes.indexOf(0x0a, this.at);
    if (end < 0) end = this.bytes.length;
    const start = this.at;
    this.at = end + 1;
    this.n++;
    return [start, end];
  }

  private where(): string {
    return `${this.name} line ${this.n}`;
  }

  /** Checks the next line without keeping it; false at the end. Throws naming the line and field. */
  check(): boolean {
    const range = this.nextLine();
    if (!range) return false;
    if (!this.utf8 || !scanLine(this.bytes, range[0], range[1])) parseEventLine(this.bytes.toString('utf8', range[0], range[1]), this.where());
    return true;
  }

  /** The next line's event as a row, or null at the end. Throws naming the line and field. */
  next(): EventRow | null {
    const range = this.nextLine();
    if (!range) return null;
    const buf = this.bytes;
    if (!this.utf8 || !scanLine(buf, range[0], range[1])) return eventToRow(parseEventLine(buf.toString('utf8', range[0], range[1]), this.where()));
    const escaped = line.escaped;
    return {
      time: line.time,
      timestampDesc: text(buf, line.desc, line.descEnd, escaped),
      message: text(buf, line.msg, line.msgEnd, line.msgEscaped),
      source: text(buf, line.source, line.sourceEnd, escaped),
      host: line.host ? text(buf, line.host, line.hostEnd, escaped) : '',
      user: line.user ? text(buf, line.user, line.userEnd, escaped) : '',
      tagsJson: line.tags ? this.tagsJson(buf) : '',
      attributesJson: attributesJson(buf),
    };
  }

  /** The tags as eventToRow writes them; tag lists repeat, so the last one is kept. */
  private tagsJson(buf: Buffer): string {
    const raw = buf.toString('utf8', line.tags, line.tagsEnd);
    if (raw === this.lastTags) return this.lastTagsJson;
    this.lastTags = raw;
    this.lastTagsJson = line.tagsEscaped ? JSON.stringify(JSON.parse(raw)) : raw;
    return this.lastTagsJson;
  }
}
