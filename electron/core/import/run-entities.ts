import type { EntityType } from '../../../shared/domain/records';
import type { RawRun } from '../timeline/raw-run';
import {
  addUrl,
  EMAIL_IN_TEXT,
  ENTITY_FIELD_NAMES,
  entitiesOfField,
  fieldKind,
  HASH_IN_TEXT,
  IPV4_IN_TEXT,
  NOISE,
  plausibleHash,
  URL_IN_TEXT,
} from './event-entities';

/** Entities found in events: [type, value, first µs, last µs, count] per distinct value. */
export type EntityTallies = [string, string, number, number, number][];

/** Distinct entity values one import keeps track of; past it, new values are dropped (and that is said). */
export const MAX_TALLIED = 100_000;

/**
 * The entities of one import, tallied across all its runs, so that only
 * distinct values (not one list per run) go back to the import thread.
 */
export class TallyBook {
  private readonly byType = new Map<string, Map<string, [string, string, number, number, number]>>();
  private size = 0;
  capped = false;

  add(type: string, value: string, time: number): void {
    let tallies = this.byType.get(type);
    if (!tallies) this.byType.set(type, (tallies = new Map()));
    const t = tallies.get(value);
    if (t) {
      if (time < t[2]) t[2] = time;
      if (time > t[3]) t[3] = time;
      t[4]++;
    } else if (this.size < MAX_TALLIED) {
      tallies.set(value, [type, value, time, time, 1]);
      this.size++;
    } else this.capped = true;
  }

  entries(): EntityTallies {
    const out: EntityTallies = [];
    for (const tallies of this.byType.values()) for (const t of tallies.values()) out.push(t);
    return out;
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

/** Index of the event whose text holds position p. */
function eventAt(starts: Float64Array, p: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Pure-ASCII text, or the bytes decoded as the UTF-8 they are. */
function decoded(text: string, buf: Buffer, from: number, to: number): string {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 0x7f) return buf.toString('utf8', from, to);
  return text.slice(from, to);
}

const FIELD = new RegExp(`"(${ENTITY_FIELD_NAMES})":"((?:[^"\\\\\\n]|\\\\.)*)"`, 'gi');

/**
 * Scans a run's events for entities (IPs, URLs, hashes, e-mail addresses in
 * messages; named attributes such as SourceIp, Image, Hashes), tallied per
 * distinct value. Each run's text is scanned as one string, not event by event,
 * and attributes are read without parsing their JSON; it runs in the run worker.
 */
export function scanRunEntities(raw: RawRun, book: TallyBook = new TallyBook()): TallyBook {
  const tally = (type: string, value: string, time: number) => book.add(type, value, time);
  const found: string[] = [];
  const flush = (time: number) => {
    for (let k = 0; k < found.length; k += 2) tally(found[k]!, found[k + 1]!, time);
    found.length = 0;
  };

  // Messages: each pattern runs once over the run's whole text (one message a line).
  const messages = joined(raw.msgOffsets, raw.msgBytes, raw.n);
  const text = messages.text;
  // Fresh copies: the shared patterns are global (stateful) regexps.
  const [ipv4, hash, url, email] = [IPV4_IN_TEXT, HASH_IN_TEXT, URL_IN_TEXT, EMAIL_IN_TEXT].map((re) => new RegExp(re));
  const timeAt = (p: number) => raw.time[eventAt(messages.starts, p)]!;
  for (let m = ipv4!.exec(text); m; m = ipv4!.exec(text)) if (!NOISE.has(m[0])) tally('ip', m[0], timeAt(m.index));
  for (let m = hash!.exec(text); m; m = hash!.exec(text)) if (plausibleHash(m[0])) tally('hash', m[0], timeAt(m.index));
  if (text.includes('://')) {
    for (let m = url!.exec(text); m; m = url!.exec(text)) {
      addUrl(decoded(text, messages.buf, m.index, m.index + m[0].length).replace(/[.,;]+$/, ''), found);
      flush(timeAt(m.index));
    }
  }
  if (text.includes('@')) {
    for (let m = email!.exec(text); m; m = email!.exec(text)) {
      const time = timeAt(m.index);
      tally('emailAddress', m[0], time);
      tally('domain', m[0].slice(m[0].indexOf('@') + 1), time);
    }
  }

  // Attributes: "Name":"value" pairs whose name says what they hold, found in the JSON text directly.
  const attrs = joined(raw.attrOffsets, raw.attrBytes, raw.n);
  const field = new RegExp(FIELD);
  for (let m = field.exec(attrs.text); m; m = field.exec(attrs.text)) {
    const kind = fieldKind(m[1]!) as EntityType | null;
    if (!kind) continue;
    const start = m.index + m[1]!.length + 4;
    let value = decoded(attrs.text, attrs.buf, start, start + m[2]!.length);
    if (value.includes('\\')) value = JSON.parse(`"${value}"`) as string;
    entitiesOfField(kind, value, found);
    flush(raw.time[eventAt(attrs.starts, m.index)]!);
  }

  return book;
}
