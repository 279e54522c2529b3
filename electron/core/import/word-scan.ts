/**
 * IPv4 addresses and hex digests in UTF-8 text, found without reading every byte.
 *
 * It finds exactly what IPV4_IN_TEXT and HASH_IN_TEXT (event-entities.ts) find
 * in each message, without building a string per message or per match. Both
 * patterns are bounded by \b on either side and consist of word characters
 * ([A-Za-z0-9_] for a regexp without the u flag) and dots, so a match is made
 * of whole "word runs" (maximal runs of word characters):
 * - a digest is one word run of 32, 40 or 64 hex digits;
 * - an IPv4 address is four word runs of digits, each a valid octet, joined by
 *   single dots; after a match the search goes on with the next run.
 *
 * Most text holds neither, so the scan probes: an address is at least 7 bytes
 * of digits and dots, so every 7th byte is looked at, and only a probe that
 * lands on a digit or a dot reads the run of digits and dots around it; a
 * digest is at least 32 hex digits, so every 32nd byte is looked at, and only
 * a probe on a hex digit reads the word around it. Profiles of a million-event
 * import showed the byte-by-byte walk as 40% of the run worker's time.
 * word-scan.test.ts checks this against the regexps on random text.
 */

const WORD = 1;
const DIGIT = 2;
const HEX = 4;
/** A digit or a dot: what an IPv4 address is made of. */
const DOTTED = 8;

const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = (/\w/.test(ch) ? WORD : 0) | (/\d/.test(ch) ? DIGIT : 0) | (/[0-9A-Fa-f]/.test(ch) ? HEX : 0) | (/[\d.]/.test(ch) ? DOTTED : 0);
}

const DOT = 46;
/** The shortest IPv4 text (0.0.0.0) and the shortest digest (MD5). */
const IPV4_MIN = 7;
const HASH_MIN = 32;

/** The octet a run of digits spells, as 1?\d?\d | 2[0-4]\d | 25[0-5] accept it; -1 when not one. */
function octet(bytes: Uint8Array, start: number, length: number): number {
  if (length === 0 || length > 3) return -1;
  const a = bytes[start]! - 48;
  if (length === 1) return a;
  const b = bytes[start + 1]! - 48;
  if (length === 2) return a * 10 + b;
  const value = a * 100 + b * 10 + (bytes[start + 2]! - 48);
  // Three digits only as 1xx or 200-255: "099" and "256" are not octets.
  return a === 1 || (a === 2 && value <= 255) ? value : -1;
}

export interface WordScanSink {
  /** An IPv4 address, as its 32-bit value, in event `event`. */
  ip(address: number, event: number): void;
  /** A 32-, 40- or 64-digit hex run at bytes [start, end) of event `event`. */
  hash(start: number, end: number, event: number): void;
}

/** Scans events [from, n) whose text is bytes[offsets[i], offsets[i + 1]). */
export function scanWords(bytes: Uint8Array, offsets: Uint32Array, n: number, sink: WordScanSink, from = 0): void {
  for (let event = from; event < n; event++) {
    const start = offsets[event]!;
    const end = offsets[event + 1]!;
    if (end - start >= IPV4_MIN) scanAddresses(bytes, start, end, sink, event);
    if (end - start >= HASH_MIN) scanDigests(bytes, start, end, sink, event);
  }
}

/** The IPv4 addresses of bytes [start, end): every run of digits and dots a probe lands in, read whole. */
function scanAddresses(bytes: Uint8Array, start: number, end: number, sink: WordScanSink, event: number): void {
  let p = start + IPV4_MIN - 1;
  while (p < end) {
    if ((CLASS[bytes[p]!]! & DOTTED) === 0) {
      p += IPV4_MIN;
      continue;
    }
    let from = p;
    while (from > start && CLASS[bytes[from - 1]!]! & DOTTED) from--;
    let to = p + 1;
    while (to < end && CLASS[bytes[to]!]! & DOTTED) to++;
    if (to - from >= IPV4_MIN) addressesInRun(bytes, from, to, start, end, sink, event);
    // The next address starts after this run's end, so it covers the byte IPV4_MIN past it.
    p = to + IPV4_MIN;
  }
}

/**
 * The addresses in bytes [from, to), a maximal run of digits and dots inside
 * the event's [start, end): its dot-separated groups read as the byte-by-byte
 * walk read word runs. A group touching a letter or _ at the run's edge is part
 * of a longer word, so no octet.
 */
function addressesInRun(bytes: Uint8Array, from: number, to: number, start: number, end: number, sink: WordScanSink, event: number): void {
  const wordBefore = from > start && (CLASS[bytes[from - 1]!]! & WORD) !== 0;
  const wordAfter = to < end && (CLASS[bytes[to]!]! & WORD) !== 0;
  let octets = 0;
  let address = 0;
  let group = from;
  for (let p = from; p <= to; p++) {
    if (p < to && bytes[p] !== DOT) continue;
    // The group [group, p) ends at a dot or at the run's end.
    const touched = (group === from && wordBefore) || (p === to && wordAfter);
    const value = touched ? -1 : octet(bytes, group, p - group);
    if (value < 0) octets = 0;
    else {
      address = octets > 0 ? address * 256 + value : value;
      if (++octets === 4) {
        sink.ip(address, event);
        octets = 0;
      }
    }
    group = p + 1;
  }
}

/** The digests of bytes [start, end): every word a probe lands on a hex digit of, read whole. */
function scanDigests(bytes: Uint8Array, start: number, end: number, sink: WordScanSink, event: number): void {
  let p = start + HASH_MIN - 1;
  while (p < end) {
    if ((CLASS[bytes[p]!]! & HEX) === 0) {
      p += HASH_MIN;
      continue;
    }
    let from = p;
    let all = HEX;
    while (from > start) {
      const cls = CLASS[bytes[from - 1]!]!;
      if ((cls & WORD) === 0) break;
      all &= cls;
      from--;
    }
    let to = p + 1;
    while (to < end) {
      const cls = CLASS[bytes[to]!]!;
      if ((cls & WORD) === 0) break;
      all &= cls;
      to++;
    }
    const length = to - from;
    if (all && (length === 32 || length === 40 || length === 64)) sink.hash(from, to, event);
    p = to + HASH_MIN;
  }
}

/** An IPv4 address from its 32-bit value: 10.0.0.1. */
export function ipv4Text(address: number): string {
  return `${(address >>> 24) & 255}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** ipv4Text(address) as ASCII bytes at `at` in `bytes` (room for 15); returns where they end. */
export function writeIpv4(address: number, bytes: Uint8Array, at: number): number {
  for (let shift = 24; shift >= 0; shift -= 8) {
    const octet = (address >>> shift) & 255;
    if (octet >= 100) bytes[at++] = 48 + Math.floor(octet / 100);
    if (octet >= 10) bytes[at++] = 48 + (Math.floor(octet / 10) % 10);
    bytes[at++] = 48 + (octet % 10);
    if (shift) bytes[at++] = DOT;
  }
  return at;
}

/** Room for the longest IPv4 text, 255.255.255.255. */
const scratch = new Uint8Array(15);

/** The 32-bit value of dotted-decimal IPv4 text ("10.0.0.1"), or -1 when the text is anything else. */
export function ipv4Value(text: string): number {
  if (text.length > scratch.length) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    scratch[i] = c;
  }
  return ipv4At(scratch, 0, text.length);
}

/** The 32-bit value of the dotted-decimal IPv4 text at bytes [start, end), read where it is, or -1 when it is anything else. */
export function ipv4At(bytes: Uint8Array, start: number, end: number): number {
  let address = 0;
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i]! : DOT;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3) return -1;
      continue;
    }
    if (c !== DOT || digits === 0 || value > 255) return -1;
    address = address * 256 + value;
    octets++;
    value = 0;
    digits = 0;
  }
  return octets === 4 ? address : -1;
}
