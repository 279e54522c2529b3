/**
 * IPv4 addresses and hex digests in UTF-8 text, found by walking its bytes once.
 *
 * It finds exactly what IPV4_IN_TEXT and HASH_IN_TEXT (event-entities.ts) find
 * in each message, without building a string per message or per match. Both
 * patterns are bounded by \b on either side and consist of word characters
 * ([A-Za-z0-9_] for a regexp without the u flag) and dots, so a match is made
 * of whole "word runs" (maximal runs of word characters):
 * - a digest is one word run of 32, 40 or 64 hex digits;
 * - an IPv4 address is four word runs of digits, each a valid octet, joined by
 *   single dots; after a match the search goes on with the next run.
 * word-scan.test.ts checks this against the regexps on random text.
 */

const WORD = 1;
const DIGIT = 2;
const HEX = 4;

const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = (/\w/.test(ch) ? WORD : 0) | (/\d/.test(ch) ? DIGIT : 0) | (/[0-9A-Fa-f]/.test(ch) ? HEX : 0);
}

const DOT = 46;

/** The octet a run of digits spells, as 1?\d?\d | 2[0-4]\d | 25[0-5] accept it; -1 when not one. */
function octet(bytes: Uint8Array, start: number, length: number): number {
  const a = bytes[start]! - 48;
  if (length === 1) return a;
  const b = bytes[start + 1]! - 48;
  if (length === 2) return a * 10 + b;
  if (length !== 3) return -1;
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
    const end = offsets[event + 1]!;
    let p = offsets[event]!;
    // The address being read: how many octets so far, its value, and where its last octet ended.
    let octets = 0;
    let address = 0;
    let lastEnd = -2;
    while (p < end) {
      if ((CLASS[bytes[p]!]! & WORD) === 0) {
        p++;
        continue;
      }
      const start = p;
      let all = DIGIT | HEX;
      while (p < end) {
        const cls = CLASS[bytes[p]!]!;
        if ((cls & WORD) === 0) break;
        all &= cls;
        p++;
      }
      const length = p - start;
      if (all & DIGIT) {
        const value = length <= 3 ? octet(bytes, start, length) : -1;
        if (value < 0) octets = 0;
        else {
          // The next octet of the same address only after exactly one dot.
          if (octets > 0 && start === lastEnd + 1 && bytes[lastEnd] === DOT) {
            octets++;
            address = address * 256 + value;
          } else {
            octets = 1;
            address = value;
          }
          lastEnd = p;
          if (octets === 4) {
            sink.ip(address, event);
            octets = 0;
          }
        }
      } else octets = 0;
      if (all & HEX && (length === 32 || length === 40 || length === 64)) sink.hash(start, p, event);
    }
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
