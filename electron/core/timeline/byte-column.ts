import type { EntitySpans } from './entity-spans';

/** Writes a value's bytes straight into a column's buffer. */
export interface InPlaceWriter<T> {
  /** The most bytes writeInto(value) can take. */
  maxBytes(value: T): number;
  /** Writes at `at` in `bytes`, noting where its entity-bearing values are in `spans`; returns where the bytes end. */
  writeInto(value: T, bytes: Buffer, at: number, spans?: EntitySpans): number;
}

/**
 * Strings stored as UTF-8 bytes in one growing buffer plus offsets. Writing
 * each string out as it arrives means no string outlives its event, which keeps
 * the garbage collector out of an import's way.
 */
export class ByteColumn {
  private bytes: Buffer;
  private length = 0;
  readonly offsets: Uint32Array;
  private count = 0;

  constructor(capacity: number, initialBytes = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
    this.offsets = new Uint32Array(capacity + 1);
  }

  push(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.room(text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
    this.offsets[++this.count] = this.length;
  }

  /** Appends one byte (a marker of what follows) and then `text`, as one entry. */
  pushMarked(marker: number, text: string): void {
    this.room(1 + text.length * 3);
    this.bytes[this.length++] = marker;
    this.length += this.bytes.write(text, this.length, 'utf8');
    this.offsets[++this.count] = this.length;
  }

  /** Appends `value` as `writer` writes it, in place. */
  pushWritten<T>(writer: InPlaceWriter<T>, value: T, spans?: EntitySpans): void {
    this.room(writer.maxBytes(value));
    this.length = writer.writeInto(value, this.bytes, this.length, spans);
    this.offsets[++this.count] = this.length;
  }

  private room(bytes: number): void {
    const need = this.length + bytes;
    if (need <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** The offsets and bytes as written (views, not copies). */
  raw(n: number): { offsets: Uint32Array; bytes: Buffer } {
    return { offsets: this.offsets.subarray(0, n + 1), bytes: this.bytes.subarray(0, this.length) };
  }
}
