import { crc32 } from '../../../electron/core/importers/zip/crc32';

/**
 * Writes .evtx files for tests, to the layout libyal documents (file header,
 * 64 KiB chunks with their CRC32s, records, BinXml with inline names and
 * template definitions), so the importer can be tried on what the samples
 * lack: every value type, 64-bit record ids, and crafted damage (offsets out
 * of bounds, templates that refer to themselves, deep nesting). Checked
 * against python-evtx in evtx.test.ts, so it is not only our own reading of
 * the format.
 */

export interface Value {
  type: number;
  /** The value's bytes; `at` is where it lands in the chunk (nested BinXml needs it for inline names). */
  build(at: number): Buffer;
}

const fixed = (type: number, write: (b: Buffer) => void, size: number): Value => ({
  type,
  build: () => {
    const b = Buffer.alloc(size);
    write(b);
    return b;
  },
});

export const val = {
  str: (s: string): Value => ({ type: 0x01, build: () => Buffer.from(s, 'utf16le') }),
  ansi: (s: string): Value => ({ type: 0x02, build: () => Buffer.from(s, 'latin1') }),
  i8: (n: number) => fixed(0x03, (b) => b.writeInt8(n), 1),
  u8: (n: number) => fixed(0x04, (b) => b.writeUInt8(n), 1),
  i16: (n: number) => fixed(0x05, (b) => b.writeInt16LE(n), 2),
  u16: (n: number) => fixed(0x06, (b) => b.writeUInt16LE(n), 2),
  i32: (n: number) => fixed(0x07, (b) => b.writeInt32LE(n), 4),
  u32: (n: number) => fixed(0x08, (b) => b.writeUInt32LE(n), 4),
  i64: (n: bigint) => fixed(0x09, (b) => b.writeBigInt64LE(n), 8),
  u64: (n: bigint) => fixed(0x0a, (b) => b.writeBigUInt64LE(n), 8),
  f32: (n: number) => fixed(0x0b, (b) => b.writeFloatLE(n), 4),
  f64: (n: number) => fixed(0x0c, (b) => b.writeDoubleLE(n), 8),
  bool: (v: boolean) => fixed(0x0d, (b) => b.writeUInt32LE(v ? 1 : 0), 4),
  bin: (bytes: Buffer): Value => ({ type: 0x0e, build: () => bytes }),
  guid: (text: string): Value => ({
    type: 0x0f,
    build: () => {
      const h = text.replace(/[{}-]/g, '');
      const le = (s: string) => Buffer.from(s, 'hex').reverse();
      return Buffer.concat([le(h.slice(0, 8)), le(h.slice(8, 12)), le(h.slice(12, 16)), Buffer.from(h.slice(16), 'hex')]);
    },
  }),
  filetime: (ticks: bigint) => fixed(0x11, (b) => b.writeBigUInt64LE(ticks), 8),
  systemtime: (parts: [number, number, number, number, number, number, number, number]) =>
    fixed(0x12, (b) => parts.forEach((p, i) => b.writeUInt16LE(p, i * 2)), 16),
  sid: (text: string): Value => ({
    type: 0x13,
    build: () => {
      const [, rev, auth, ...subs] = text.split('-');
      const b = Buffer.alloc(8 + 4 * subs.length);
      b[0] = Number(rev);
      b[1] = subs.length;
      b.writeUIntBE(Number(auth), 2, 6);
      subs.forEach((s, i) => b.writeUInt32LE(Number(s), 8 + 4 * i));
      return b;
    },
  }),
  hex32: (n: number) => fixed(0x14, (b) => b.writeUInt32LE(n), 4),
  hex64: (n: bigint) => fixed(0x15, (b) => b.writeBigUInt64LE(n), 8),
  strArray: (items: string[]): Value => ({ type: 0x81, build: () => Buffer.from(items.map((s) => `${s}\0`).join(''), 'utf16le') }),
  u16Array: (items: number[]): Value => ({ type: 0x86, build: () => Buffer.from(new Uint16Array(items).buffer) }),
  binxml: (body: (x: BinXml) => void): Value => ({
    type: 0x21,
    build: (at) => {
      const x = new BinXml(at);
      body(x);
      return x.bytes();
    },
  }),
  null: (): Value => ({ type: 0x00, build: () => Buffer.alloc(0) }),
  raw: (type: number, bytes: Buffer): Value => ({ type, build: () => bytes }),
};

type Writer = (x: BinXml) => void;

/** BinXml written at chunk offset `base`: names and template definitions inline, as on their first use. */
export class BinXml {
  private readonly out: number[] = [];
  constructor(readonly base: number) {}

  get pos(): number {
    return this.base + this.out.length;
  }
  bytes(): Buffer {
    return Buffer.from(this.out);
  }
  raw(b: Buffer | number[]): this {
    for (const x of b) this.out.push(x);
    return this;
  }
  u8(n: number): this {
    return this.raw([n & 0xff]);
  }
  u16(n: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return this.raw(b);
  }
  u32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return this.raw(b);
  }
  patch32(at: number, n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    for (let i = 0; i < 4; i++) this.out[at - this.base + i] = b[i]!;
  }
  /** A name string written where the stream is (its offset field points just past itself). */
  private inlineName(name: string): this {
    this.u32(this.pos + 4)
      .u32(0)
      .u16(0)
      .u16(name.length)
      .raw(Buffer.from(name, 'utf16le'))
      .u16(0);
    return this;
  }
  fragment(): this {
    return this.raw([0x0f, 1, 1, 0]);
  }
  eof(): this {
    return this.u8(0x00);
  }
  /** <name attr…>content</name>, or <name attr…/> when content is undefined. */
  element(name: string, attrs: [string, Writer][] = [], content?: Writer, nameAt?: number): this {
    this.u8(attrs.length ? 0x41 : 0x01)
      .u16(0xffff)
      .u32(0);
    if (nameAt === undefined) this.inlineName(name);
    else this.u32(nameAt);
    if (attrs.length) this.u32(0);
    attrs.forEach(([attr, value], i) => {
      this.u8(i < attrs.length - 1 ? 0x46 : 0x06).inlineName(attr);
      value(this);
    });
    if (!content) return this.u8(0x03);
    this.u8(0x02);
    content(this);
    return this.u8(0x04);
  }
  text(s: string): this {
    return this.u8(0x05).u8(0x01).u16(s.length).raw(Buffer.from(s, 'utf16le'));
  }
  sub(index: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(index)
      .u8(0);
  }
  /** A template instance; `definition` is written inline (its offset is returned) or is the offset of one written before. */
  template(definition: Writer | number, values: Value[]): number {
    this.u8(0x0c).u8(1).u32(0);
    let at: number;
    if (typeof definition === 'number') {
      at = definition;
      this.u32(at);
    } else {
      at = this.pos + 4;
      this.u32(at).u32(0).raw(Buffer.alloc(16));
      const sizeAt = this.pos;
      this.u32(0);
      const start = this.pos;
      definition(this);
      this.patch32(sizeAt, this.pos - start);
    }
    this.u32(values.length);
    const descriptorsEnd = this.pos + 4 * values.length;
    const built: Buffer[] = [];
    let cursor = descriptorsEnd;
    for (const v of values) {
      const b = v.build(cursor);
      built.push(b);
      cursor += b.length;
    }
    values.forEach((v, i) => this.u16(built[i]!.length).u8(v.type).u8(0));
    for (const b of built) this.raw(b);
    return at;
  }
}

export interface RecordSpec {
  id: bigint;
  written?: bigint;
  body: Writer;
}

/** An .evtx file of `chunks`, each a list of records (tests damage the bytes it returns). */
export function writeEvtx(chunks: RecordSpec[][], options: { dirty?: boolean } = {}): Buffer {
  const header = Buffer.alloc(4096);
  header.write('ElfFile\0', 0, 'latin1');
  const last = chunks.flat().at(-1)?.id ?? 0n;
  header.writeBigUInt64LE(BigInt(Math.max(0, chunks.length - 1)), 16);
  header.writeBigUInt64LE(last + 1n, 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(4096, 40);
  header.writeUInt16LE(chunks.length, 42);
  header.writeUInt32LE(options.dirty ? 1 : 0, 120);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return Buffer.concat([header, ...chunks.map(writeChunk)]);
}

export function writeChunk(records: RecordSpec[]): Buffer {
  const c = Buffer.alloc(0x10000);
  c.write('ElfChnk\0', 0, 'latin1');
  let pos = 512;
  let lastAt = pos;
  for (const r of records) {
    const x = new BinXml(pos + 24);
    r.body(x);
    const xml = x.bytes();
    const size = 24 + xml.length + 4;
    if (pos + size > c.length) throw new Error('the records do not fit in one chunk');
    c.writeUInt32LE(0x2a2a, pos);
    c.writeUInt32LE(size, pos + 4);
    c.writeBigUInt64LE(r.id, pos + 8);
    c.writeBigUInt64LE(r.written ?? 131000000000000000n, pos + 16);
    xml.copy(c, pos + 24);
    c.writeUInt32LE(size, pos + size - 4);
    lastAt = pos;
    pos += size;
  }
  const first = records[0]?.id ?? 0n;
  const lastId = records.at(-1)?.id ?? 0n;
  c.writeBigUInt64LE(first, 8);
  c.writeBigUInt64LE(lastId, 16);
  c.writeBigUInt64LE(first, 24);
  c.writeBigUInt64LE(lastId, 32);
  c.writeUInt32LE(128, 40);
  c.writeUInt32LE(lastAt, 44);
  c.writeUInt32LE(pos, 48);
  c.writeUInt32LE(crc32(c.subarray(512, pos)), 52);
  c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))), 124);
  return c;
}

/** Recomputes a chunk's CRC32s after a test damaged it on purpose (so only the damage meant is seen). */
export function resealChunk(file: Buffer, chunkAt: number): void {
  const c = file.subarray(chunkAt, chunkAt + 0x10000);
  c.writeUInt32LE(crc32(c.subarray(512, c.readUInt32LE(48))), 52);
  c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))), 124);
}
