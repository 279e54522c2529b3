import type { EntityType } from '../../../shared/domain/records';
import type { RawRun } from '../timeline/raw-run';
import {
  addUrl,
  type FoundList,
  EMAIL_IN_TEXT,
  ENTITY_FIELD_KINDS,
  ENTITY_FIELD_NAMES,
  entitiesOfField,
  fieldKind,
  NOISE,
  plausibleHash,
  URL_IN_TEXT,
} from './event-entities';
import { ipv4At, ipv4Value, scanWords, type WordScanSink } from './word-scan';
import { scanEmails } from './email-scan';
import { scanIpv6 } from './ipv6-scan';
import { IpTable } from './ip-table';
import { SEGMENT_MARKER } from '../timeline/attribute-segment';
import { entityId, normalizeEntityKey } from './entity-keys';

/**
 * Entities found in events, per distinct value: type, raw value, first µs, last
 * µs, count, and the entity's normalized key and id (worked out here, in the run
 * worker, when the value is first seen, not by the import thread at the end).
 */
export type EntityTally = [string, string, number, number, number, string, string];

/**
 * The entity tallies of an import as columns, the form they cross from the run
 * worker in: a hundred thousand tallies are one string and two typed arrays to
 * clone, not a hundred thousand arrays of strings. Tally i has four strings
 * (type, raw value, key, id), string k being text[ends[k-1]..ends[k]], and
 * three numbers at numbers[3i..3i+2] (first µs, last µs, count).
 */
export interface EntityTallies {
  text: string;
  ends: Uint32Array;
  numbers: Float64Array;
}

/** `tallies` and the addresses of `ips` as columns. */
export function entityTallyColumns(tallies: readonly EntityTally[], ips?: IpTable): EntityTallies {
  // The addresses first: their strings were written as bytes when each was first seen.
  const rows = ips?.size ?? 0;
  const n = rows + tallies.length;
  const ends = new Uint32Array(n * 4);
  const numbers = new Float64Array(n * 3);
  const parts: string[] = [];
  let at = 0;
  if (ips && rows) {
    const strings = ips.rowStrings();
    ends.set(strings.ends);
    parts.push(strings.text);
    at = strings.text.length;
    for (let i = 0; i < rows; i++) {
      numbers[3 * i] = ips.first(i);
      numbers[3 * i + 1] = ips.last(i);
      numbers[3 * i + 2] = ips.count(i);
    }
  }
  for (let k = 0; k < tallies.length; k++) {
    const [type, value, first, last, count, key, id] = tallies[k]!;
    const i = rows + k;
    for (const [j, part] of [type, value, key, id].entries()) {
      parts.push(part);
      ends[4 * i + j] = at += part.length;
    }
    numbers[3 * i] = first;
    numbers[3 * i + 1] = last;
    numbers[3 * i + 2] = count;
  }
  return { text: parts.join(''), ends, numbers };
}

/** Placeholder addresses (0.0.0.0, 127.0.0.1) are not entities. */
const NOISE_ADDRESSES = new Set([...NOISE].map(ipv4Value).filter((a) => a >= 0));

/** The four strings of every tally in order (type, raw value, key, id), cut from the joined text. */
export function tallyStrings(tallies: EntityTallies): string[] {
  const { text, ends } = tallies;
  const out = new Array<string>(ends.length);
  for (let k = 0, from = 0; k < ends.length; from = ends[k++]!) out[k] = text.slice(from, ends[k]);
  return out;
}

/** No tallies (a fresh set: the run worker transfers the buffers it sends). */
export function noTallies(): EntityTallies {
  return { text: '', ends: new Uint32Array(0), numbers: new Float64Array(0) };
}

type Tally = EntityTally;

/** A value's tally before its first sighting is counted, with its entity's key and id. */
function newTally(type: string, value: string, time: number): Tally {
  const key = normalizeEntityKey(type as EntityType, value);
  return [type, value, time, time, 0, key, entityId(type as EntityType, key)];
}

/**
 * The entities of one import, tallied across all its runs, so that only
 * distinct values (not one list per run) go back to the import thread.
 *
 * Matches are looked up by their raw text per pattern (or per kind of
 * attribute), so each distinct match is checked and turned into entities once;
 * every later sighting only moves first/last and the count.
 */
export class TallyBook {
  private readonly ips = new IpTable(NOISE_ADDRESSES);
  /** Per pattern or attribute kind: raw match → the tallies of the entities it holds (empty: none). */
  private readonly matches = new Map<string, Map<string, Tally[]>>();
  /** Per entity (type and value): its one tally, shared by every match that holds it. */
  private readonly byEntity = new Map<string, Tally>();

  ip(address: number, time: number): void {
    this.ips.see(address, time);
  }

  /** A match of `pattern` with text `raw`, at `time`; `entities` says what it holds (called once per distinct match). */
  see(pattern: string, raw: string, time: number, entities: () => FoundList): void {
    let byRaw = this.matches.get(pattern);
    if (!byRaw) this.matches.set(pattern, (byRaw = new Map()));
    let tallies = byRaw.get(raw);
    if (!tallies) {
      tallies = [];
      const found = entities();
      for (let k = 0; k < found.length; k += 2) {
        const key = `${found[k]!}\0${found[k + 1]!}`;
        let tally = this.byEntity.get(key);
        if (!tally) this.byEntity.set(key, (tally = newTally(found[k]!, found[k + 1]!, time)));
        tallies.push(tally);
      }
      byRaw.set(raw, tallies);
    }
    for (const t of tallies) {
      if (time < t[2]) t[2] = time;
      if (time > t[3]) t[3] = time;
      t[4]++;
    }
  }

  /**
   * Every entity tallied, as columns. An address seen both as a number and as
   * text has one entity id, and the import thread adds its two tallies up.
   */
  columns(): EntityTallies {
    return entityTallyColumns([...this.byEntity.values()], this.ips);
  }
}

/** A run's strings joined with '\n' (no entity spans a line break), as one latin1 string: char index = byte index. */
function joined(offsets: Uint32Array, bytes: Uint8Array, n: number): { text: string; starts: Float64Array; buf: Buffer } {
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const buf = Buffer.allocUnsafe(offsets[n]! + n);
  const starts = new Float64Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = at;
    at += src.copy(buf, at, offsets[i]!, offsets[i + 1]!);
    buf[at++] = 10;
  }
  starts[n] = at;
  return { text: buf.toString('latin1'), starts, buf };
}

/**
 * Maps increasing text positions to the events that hold them. Matches come in
 * text order, so a cursor that only moves forward replaces a search per match.
 */
class EventCursor {
  private i = 0;
  constructor(private readonly starts: ArrayLike<number>) {}
  at(p: number): number {
    const starts = this.starts;
    while (starts[this.i + 1]! <= p) this.i++;
    return this.i;
  }
}

/** `latin1`, the bytes of `buf` from `from` read one per character: itself when pure ASCII, else the bytes decoded as the UTF-8 they are. */
function decoded(latin1: string, buf: Buffer, from: number): string {
  for (let i = 0; i < latin1.length; i++) if (latin1.charCodeAt(i) > 0x7f) return buf.toString('utf8', from, from + latin1.length);
  return latin1;
}

const FIELD = new RegExp(`"(${ENTITY_FIELD_NAMES})":"((?:[^"\\\\\\n]|\\\\.)*)"`, 'gi');
const NOTHING: FoundList = [];
/** The book's key for addresses found in messages: the pattern's source, as when the pattern found them. */
const EMAIL_IN_TEXT_KEY = EMAIL_IN_TEXT.source;

/** Attribute names of identifiers (DeviceId, mdeDeviceId, ReportId, SessionId): hex digits there are an id, not a digest. */
const ID_NAME = /(id|guid|uuid)$/i;

/**
 * The name of the attribute whose value starts at `start`, when it is cheap to
 * tell: a JSON `"Name":"` just before it, or the column of a CSV segment.
 */
function attributeNameAt(raw: RawRun, bytes: Buffer, start: number, event: number): string {
  const from = raw.attrOffsets[event]!;
  if (bytes[from] === SEGMENT_MARKER && raw.attrSegment) {
    const delimiter = raw.attrSegment.delimiter.charCodeAt(0);
    let column = 0;
    for (let p = from + 1; p < start; p++) if (bytes[p] === delimiter) column++;
    return raw.attrSegment.columns[column] ?? '';
  }
  if (start - from < 4 || bytes[start - 1] !== 34 || bytes[start - 2] !== 58 || bytes[start - 3] !== 34) return '';
  let p = start - 4;
  while (p >= from && p > start - 132 && bytes[p] !== 34) p--;
  return bytes[p] === 34 ? bytes.toString('latin1', p + 1, start - 3) : '';
}

/** Finds IPv4 addresses and digests in `bytes` (messages, or attributes when `raw` is given) for the book. */
function wordSink(book: TallyBook, bytes: Buffer, times: ArrayLike<number>, raw?: RawRun): WordScanSink {
  return {
    ip: (address, event) => book.ip(address, times[event]!),
    hash: (start, end, event) => {
      if (raw && ID_NAME.test(attributeNameAt(raw, bytes, start, event))) return;
      const hex = bytes.toString('latin1', start, end);
      book.see('hash', hex, times[event]!, () => (plausibleHash(hex) ? ['hash', hex] : NOTHING));
    },
  };
}

/**
 * Scans a run's events for entities into the import's book, in the run worker.
 * Every part of an event is read: IPv4 and IPv6 addresses, digests, URLs (with
 * their domains) and e-mail addresses anywhere in its message or attributes,
 * and the attributes whose names say what they hold (Image, TargetFilename,
 * QueryName, TargetUserName, WorkstationName...) as those entities.
 */
export function scanRunEntities(raw: RawRun, book: TallyBook = new TallyBook()): TallyBook {
  const msgBytes = Buffer.from(raw.msgBytes.buffer, raw.msgBytes.byteOffset, raw.msgBytes.byteLength);
  const attrBuf = Buffer.from(raw.attrBytes.buffer, raw.attrBytes.byteOffset, raw.attrBytes.byteLength);

  // IPv4 addresses and digests: one pass over the messages' bytes and one over the attributes'.
  const words = wordSink(book, msgBytes, raw.time);
  const attrWords = wordSink(book, attrBuf, raw.time, raw);
  const segment = raw.attrSegment?.kinds.some((k) => k >= 0) ? raw.attrSegment : null;
  if (segment) {
    // Event by event, the message with its attributes stored as a segment: both often name the same
    // address, whose place in the book is then still in the cache.
    for (let event = 0; event < raw.n; event++) {
      scanWords(msgBytes, raw.msgOffsets, event + 1, words, event);
      scanWords(attrBuf, raw.attrOffsets, event + 1, attrWords, event);
      scanSegment(raw, attrBuf, segment, event, book);
    }
  } else {
    scanWords(msgBytes, raw.msgOffsets, raw.n, words);
    scanWords(attrBuf, raw.attrOffsets, raw.n, attrWords);
  }

  // URLs, e-mail and IPv6 addresses, in the runs that have any: found in the messages (one a line) and in the attributes.
  scanTextEntities(book, raw.time, () => joined(raw.msgOffsets, raw.msgBytes, raw.n), msgBytes);
  scanTextEntities(book, raw.time, () => ({ text: attrBuf.toString('latin1'), starts: raw.attrOffsets, buf: attrBuf }), attrBuf);

  if (raw.attrSpans) scanAttributeSpans(raw, attrBuf, raw.attrSpans, book);
  // Segments hold no quote, so the text search finds nothing in them.
  else scanAttributeText(raw, attrBuf, book);
  return book;
}

/** Where the first control character (below 0x20) of `text` is, or -1. */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return i;
  return -1;
}

/**
 * URLs, e-mail addresses and IPv6 addresses in `bytes`, whose events start at
 * `text.starts`; the text is made (latin1: one character a byte) only when the
 * bytes hold "://", "@" or "::" (most runs of logs hold none).
 */
function scanTextEntities(
  book: TallyBook,
  times: ArrayLike<number>,
  lines: () => { text: string; starts: ArrayLike<number>; buf: Buffer },
  bytes: Buffer,
): void {
  const hasUrl = bytes.includes('://');
  const hasAt = bytes.includes('@');
  const hasIpv6 = bytes.includes('::');
  if (!hasUrl && !hasAt && !hasIpv6) return;
  const { text, buf, starts } = lines();
  if (hasUrl) {
    // A fresh copy: the shared pattern is a global (stateful) regexp.
    const re = new RegExp(URL_IN_TEXT);
    const cursor = new EventCursor(starts);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const match = m[0];
      const index = m.index;
      const event = cursor.at(index);
      // A URL ends with its event's text (attributes of one event run into the next's) and before a control byte (a segment's marker).
      let url = match.length > starts[event + 1]! - index ? match.slice(0, starts[event + 1]! - index) : match;
      const control = firstControl(url);
      if (control !== -1) url = url.slice(0, control);
      book.see(URL_IN_TEXT.source, url, times[event]!, () => {
        const found: FoundList = [];
        // A URL inside JSON text ends before an escaped quote's backslash.
        addUrl(decoded(url, buf, index).replace(/[.,;\\]+$/, ''), found);
        return found;
      });
    }
  }
  if (hasAt) {
    // By hand, not with EMAIL_IN_TEXT: the pattern backtracks over long runs of name characters (email-scan.ts).
    const cursor = new EventCursor(starts);
    scanEmails(text, (start, end) => {
      const address = text.slice(start, end);
      book.see(EMAIL_IN_TEXT_KEY, address, times[cursor.at(start)]!, () => ['emailAddress', address, 'domain', address.slice(address.indexOf('@') + 1)]);
    });
  }
  if (hasIpv6) {
    const cursor = new EventCursor(starts);
    scanIpv6(text, (start, end) => {
      const address = text.slice(start, end);
      book.see('ipv6', address, times[cursor.at(start)]!, () => (NOISE.has(address.toLowerCase()) ? NOTHING : ['ip', address]));
    });
  }
}

/**
 * Attributes given as JSON text: the "Name":"value" pairs whose name says what
 * they hold, found in the text directly. Each event's attributes are one JSON
 * object, so no match runs from one event into the next.
 */
function scanAttributeText(raw: RawRun, attrBuf: Buffer, book: TallyBook): void {
  const attrText = attrBuf.toString('latin1');
  const field = new RegExp(FIELD);
  const cursor = new EventCursor(raw.attrOffsets);
  for (let m = field.exec(attrText); m; m = field.exec(attrText)) {
    const kind = fieldKind(m[1]!) as EntityType | null;
    if (!kind) continue;
    const rawValue = m[2]!;
    const start = m.index + m[1]!.length + 4;
    attributeValue(book, kind, rawValue, raw.time[cursor.at(m.index)]!, attrBuf, start, true);
  }
}

/** Attributes written from tabular rows: the values of the columns whose names say what they hold, read where they are. */
function scanAttributeSpans(raw: RawRun, attrBuf: Buffer, spans: Uint32Array, book: TallyBook): void {
  for (let s = 0; s < spans.length; s += 4) {
    const time = raw.time[spans[s]!]!;
    const kind = ENTITY_FIELD_KINDS[spans[s + 1]!]!;
    const start = spans[s + 2]!;
    const end = spans[s + 3]!;
    // IPv4 addresses and digests were found with every other word of the attributes (scanWords).
    if (kind === 'hash' || (kind === 'ip' && ipv4At(attrBuf, start, end) >= 0)) continue;
    attributeValue(book, kind, attrBuf.toString('latin1', start, end), time, attrBuf, start, true);
  }
}

/** Event `event`'s attributes if they are stored as a segment of its CSV text: the values of the columns whose names say what they hold, read where they are. */
function scanSegment(raw: RawRun, attrBuf: Buffer, segment: NonNullable<RawRun['attrSegment']>, event: number, book: TallyBook): void {
  const end = raw.attrOffsets[event + 1]!;
  let p = raw.attrOffsets[event]!;
  if (p === end || attrBuf[p] !== SEGMENT_MARKER) return;
  p++;
  const kinds = segment.kinds;
  const delimiter = segment.delimiter.charCodeAt(0);
  for (let column = 0; column < kinds.length && p <= end; column++) {
    let q = p;
    while (q < end && attrBuf[q] !== delimiter) q++;
    const code = kinds[column]!;
    if (code >= 0 && q > p) {
      const kind = ENTITY_FIELD_KINDS[code]!;
      // IPv4 addresses and digests were found with every other word of the attributes (scanWords).
      if (kind !== 'hash' && !(kind === 'ip' && ipv4At(attrBuf, p, q) >= 0))
        attributeValue(book, kind, attrBuf.toString('latin1', p, q), raw.time[event]!, attrBuf, p, false);
    }
    p = q + 1;
  }
}

/**
 * One attribute value of a kind its name gives, `rawValue` being its bytes in
 * `attrBuf` from `start` read as latin1: JSON text with its escapes when
 * `escaped`, else the value as it is.
 */
function attributeValue(book: TallyBook, kind: EntityType, rawValue: string, time: number, attrBuf: Buffer, start: number, escaped: boolean): void {
  // Plain IPv4 addresses and digests were found with every other word of the attributes (scanWords), URLs
  // and e-mail addresses by the text scans: only what those cannot see (a URL without its scheme) is left.
  if (kind === 'hash' || kind === 'emailAddress' || (kind === 'ip' && ipv4Value(rawValue) >= 0) || (kind === 'url' && rawValue.includes('://'))) return;
  book.see(kind, rawValue, time, () => {
    let value = decoded(rawValue, attrBuf, start);
    if (escaped && value.includes('\\')) value = JSON.parse(`"${value}"`) as string;
    const found: FoundList = [];
    entitiesOfField(kind, value, found);
    return found;
  });
}
