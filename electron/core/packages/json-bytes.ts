/**
 * JSON text written and read as UTF-8 bytes, for the package's JSON lines: a
 * million events make every string and object per line count, so lines are
 * built in one growing buffer and read where they lie. Everything here gives
 * exactly the bytes JSON.stringify would (its escapes: \" \\ \b \t \n \f \r,
 * \u00xx in lower case for the other control characters).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = '0123456789abcdef';
/** The short escapes JSON.stringify uses, by control character. */
const SHORT_ESCAPE: Record<number, number> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 };

/** A growing buffer that a part's lines are written into; reused from one part to the next. */
export class ByteSink {
  buf: Buffer;
  at = 0;

  constructor(initial = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.at + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }

  /** The bytes written since the last reset (a view: valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  reset(): void {
    this.at = 0;
  }

  /** Appends constant bytes (a key, punctuation). */
  put(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Appends bytes `start` to `end` of `src`. */
  copy(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    this.buf.set(src.subarray(start, end), this.at);
    this.at += end - start;
  }

  /** Appends any text as UTF-8. */
  text(text: string): void {
    this.room(text.length * 3);
    this.at += this.buf.write(text, this.at, 'utf8');
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  /** Appends text known to be ASCII (digits, an ISO time). */
  ascii(text: string): void {
    this.room(text.length);
    this.at += this.buf.write(text, this.at, 'latin1');
  }

  /** Appends `value` as JSON does: digits for a safe integer, else its JSON text ('null' when not finite). */
  number(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0 || value >= 1e16) return this.ascii(JSON.stringify(value));
    this.room(16);
    // Two halves that fit small integers: µs timestamps have 16 digits, past what integer arithmetic takes.
    const low = value % 1e8;
    const high = (value - low) / 1e8;
    if (high > 0) {
      this.digits(high, 0);
      this.digits(low, 8);
    } else this.digits(low, 0);
  }

  /** Writes a small non-negative integer, padded with zeros to `width` digits. */
  private digits(value: number, width: number): void {
    let n = 1;
    for (let v = value; v >= 10; v = (v / 10) | 0) n++;
    if (n < width) n = width;
    let at = this.at + n;
    this.at = at;
    for (let v = value, k = 0; k < n; k++, v = (v / 10) | 0) this.buf[--at] = 0x30 + (v % 10);
  }

  /** Appends `text` as a JSON string (quotes included). */
  string(text: string): void {
    this.room(text.length + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = QUOTE;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        // Anything but printable ASCII: the rest as JSON.stringify writes it (never split inside a surrogate pair).
        this.at = at;
        const rest = JSON.stringify(text.slice(i));
        this.room(rest.length * 3);
        this.at += this.buf.write(rest.slice(1), this.at, 'utf8');
        return;
      }
      buf[at++] = c;
    }
    buf[at++] = QUOTE;
    this.at = at;
  }

  /**
   * Appends the UTF-8 text in `src` from `start` to `end` as a JSON string.
   * The bytes must be valid UTF-8 (isUtf8): they are then copied as they are,
   * only quotes, backslashes and control characters escaped.
   */
  utf8String(src: Uint8Array, start: number, end: number): void {
    // Six bytes (\u00xx) is the most one byte becomes.
    this.room((end - start) * 6 + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = QUOTE;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) {
        buf[at++] = c;
        continue;
      }
      buf[at++] = BACKSLASH;
      if (c === QUOTE || c === BACKSLASH) buf[at++] = c;
      else if (SHORT_ESCAPE[c] !== undefined) buf[at++] = SHORT_ESCAPE[c];
      else {
        buf[at++] = 0x75; // u
        buf[at++] = 0x30;
        buf[at++] = 0x30;
        buf[at++] = HEX.charCodeAt(c >> 4);
        buf[at++] = HEX.charCodeAt(c & 15);
      }
    }
    buf[at++] = QUOTE;
    this.at = at;
  }
}

/** What scanString found: whether the string held an escape (so its bytes are not its text), and whether each is one JSON.stringify writes. */
export const scanned = { escaped: false, canonical: true };

/**
 * Where the JSON string starting at `at` (its opening quote) ends, just after
 * its closing quote; -1 when there is none before `end` or it is not valid
 * JSON (a raw control character, an unknown escape). Sets `scanned`.
 */
export function scanString(buf: Uint8Array, at: number, end: number): number {
  if (buf[at] !== QUOTE) return -1;
  let escaped = false;
  let canonical = true;
  for (let i = at + 1; i < end; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      scanned.escaped = escaped;
      scanned.canonical = canonical;
      return i + 1;
    }
    if (c < 0x20) return -1;
    if (c !== BACKSLASH) continue;
    escaped = true;
    const e = buf[++i];
    if (e === 0x75) {
      for (let k = 1; k <= 4; k++) if (!isHex(buf[i + k])) return -1;
      // JSON.stringify writes \u00xx (lower case) only for control characters without a short escape.
      const code = parseInt(String.fromCharCode(buf[i + 1]!, buf[i + 2]!, buf[i + 3]!, buf[i + 4]!), 16);
      const lower = buf[i + 3]! < 0x41 || buf[i + 3]! > 0x46 ? buf[i + 4]! < 0x41 || buf[i + 4]! > 0x46 : false;
      if (code >= 0x20 || SHORT_ESCAPE[code] !== undefined || !lower) canonical = false;
      i += 4;
    } else if (e === 0x2f) canonical = false;
    else if (e !== QUOTE && e !== BACKSLASH && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return -1;
  }
  return -1;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));
}

/** Whether `buf` holds exactly `bytes` at `at`. */
export function bytesAt(buf: Uint8Array, at: number, bytes: Uint8Array): boolean {
  if (at + bytes.length > buf.length) return false;
  for (let k = 0; k < bytes.length; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/** Whether the bytes from `start` to `end` are a canonical array index ("0", "17"), which a JS object orders before its other keys. */
export function isIndexKey(buf: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0 || n > 10) return false;
  if (buf[start] === 0x30) return n === 1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) return false;
    v = v * 10 + (c - 0x30);
  }
  return v < 2 ** 32 - 1;
}

/** Whether two byte ranges of `buf` hold the same bytes. */
export function sameBytes(buf: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let k = 0; k < aEnd - a; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}
