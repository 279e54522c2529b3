/**
 * A structure of the .evtx file that cannot be read: a length or offset that
 * points outside its chunk, an unknown token, a template that refers to
 * itself. `offset` is where in the file it was found, so the report can name
 * the spot; the importer turns it into an invalid record, never a crash.
 */
export class EvtxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Bytes of one chunk and where they sit in the file: every offset BinXml holds
 * is relative to its chunk, and every read checks it against the chunk's end.
 */
export class ChunkBytes {
  constructor(
    readonly buf: Buffer,
    /** File offset of buf[0], for error messages. */
    readonly base: number,
  ) {}

  get length(): number {
    return this.buf.length;
  }

  /** Throws unless [at, at + n) lies inside the chunk. */
  need(at: number, n: number, what: string): void {
    if (at < 0 || n < 0 || at + n > this.buf.length) {
      throw new EvtxError(`${what} at chunk offset ${at} (${n} bytes) runs past the end of the chunk (${this.buf.length} bytes)`, this.base + Math.max(0, at));
    }
  }

  u8(at: number, what: string): number {
    this.need(at, 1, what);
    return this.buf[at]!;
  }

  u16(at: number, what: string): number {
    this.need(at, 2, what);
    return this.buf.readUInt16LE(at);
  }

  u32(at: number, what: string): number {
    this.need(at, 4, what);
    return this.buf.readUInt32LE(at);
  }

  fail(message: string, at: number): never {
    throw new EvtxError(message, this.base + at);
  }
}
