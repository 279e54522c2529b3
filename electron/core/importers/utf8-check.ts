import { isUtf8 } from 'node:buffer';

/** Told once at the end of a text stream: how many invalid UTF-8 sequences it held and the byte offset of the first (none: not called). */
export type InvalidUtf8Sink = (count: number, firstOffset: number) => void;

/**
 * Counts the invalid UTF-8 sequences of a byte stream fed in pieces, as the
 * decoder replaces them with U+FFFD (one per maximal invalid subpart, the
 * WHATWG rule Node's decoder follows), with the stream offset of the first.
 * A valid piece costs one native check; only a damaged one is walked byte by
 * byte. A U+FFFD the file itself holds is text, not damage, and is not counted.
 */
export class Utf8Check {
  count = 0;
  firstOffset = -1;
  /** Stream offset of the next byte fed. */
  private offset = 0;
  /** The start of a sequence cut at the end of the last piece (at most 3 bytes). */
  private held: Buffer = Buffer.alloc(0);

  constructor(private readonly sink?: InvalidUtf8Sink) {}

  feed(chunk: Buffer): void {
    const bytes = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    const base = this.offset - this.held.length;
    this.offset += chunk.length;
    const cut = bytes.length - incompleteTail(bytes);
    if (!isUtf8(bytes.subarray(0, cut))) this.scan(bytes, cut, base);
    this.held = Buffer.from(bytes.subarray(cut));
  }

  /** The end of the stream: what was held back is read as it is (a sequence cut off there is invalid); tells the sink if anything was found. */
  end(): void {
    if (this.held.length) this.scan(this.held, this.held.length, this.offset - this.held.length);
    this.held = Buffer.alloc(0);
    if (this.count > 0) this.sink?.(this.count, this.firstOffset);
  }

  private found(offset: number): void {
    if (this.count++ === 0) this.firstOffset = offset;
  }

  /** Walks bytes [0, end) counting maximal invalid subparts. */
  private scan(bytes: Buffer, end: number, base: number): void {
    let i = 0;
    while (i < end) {
      const b = bytes[i]!;
      if (b < 0x80) {
        i++;
        continue;
      }
      const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (length === 0) {
        this.found(base + i);
        i++;
        continue;
      }
      // The second byte's range depends on the first (no overlongs, surrogates or code points past U+10FFFF).
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      let k = 1;
      while (k < length && i + k < end) {
        const c = bytes[i + k]!;
        if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) break;
        k++;
      }
      if (k < length) this.found(base + i);
      i += k;
    }
  }
}

/** How many bytes at the end of `bytes` start a multi-byte sequence that the next piece may complete (0 to 3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}
