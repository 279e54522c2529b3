import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../electron/core/importers/zip/crc32';

/**
 * Builds ZIP archives for tests, including the shapes real writers produce
 * (data descriptors, ZIP64 fields, UTF-8 or CP437 names) and the broken ones an
 * importer must refuse (encrypted, corrupted, truncated).
 */
export interface TestEntry {
  name: string;
  data: Buffer | string;
  /** 8 deflate (default) or 0 stored. */
  method?: 0 | 8;
  /** Sizes and CRC after the data (general-purpose bit 3), zeros in the local header. */
  dataDescriptor?: boolean;
  /** Sizes and offset in a ZIP64 extra field. */
  zip64?: boolean;
  /** Name bytes as given (CP437) without the UTF-8 flag. */
  rawName?: Buffer;
  /** Sets the encryption flag (the data is left as it is). */
  encrypted?: boolean;
  /** Overrides what the directory declares. */
  declaredCrc?: number;
  declaredSize?: number;
  /** Where the directory says the entry's local header is (an overlapping entry points into another's bytes). */
  declaredOffset?: number;
}

export function makeZip(entries: TestEntry[], options: { zip64Directory?: boolean; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = e.declaredCrc ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const name = e.rawName ?? Buffer.from(e.name, 'utf8');
    let flags = e.rawName ? 0 : 0x800;
    if (e.dataDescriptor) flags |= 0x8;
    if (e.encrypted) flags |= 0x1;

    const zip64Extra = Buffer.alloc(4 + 24);
    zip64Extra.writeUInt16LE(0x0001, 0);
    zip64Extra.writeUInt16LE(24, 2);
    zip64Extra.writeBigUInt64LE(BigInt(size), 4);
    zip64Extra.writeBigUInt64LE(BigInt(body.length), 12);
    zip64Extra.writeBigUInt64LE(BigInt(offset), 20);
    const extra = e.zip64 ? zip64Extra : Buffer.alloc(0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.dataDescriptor ? 0 : e.zip64 ? 0xffffffff : body.length, 18);
    local.writeUInt32LE(e.dataDescriptor ? 0 : e.zip64 ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const parts = [local, name, extra, body];
    if (e.dataDescriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(body.length, 8);
      dd.writeUInt32LE(size, 12);
      parts.push(dd);
    }
    const localBytes = Buffer.concat(parts);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(e.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : (e.declaredOffset ?? offset), 42);
    centrals.push(Buffer.concat([central, name, extra]));
    locals.push(localBytes);
    offset += localBytes.length;
  }
  const directory = Buffer.concat(centrals);
  const tailParts: Buffer[] = [];
  if (options.zip64Directory) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tailParts.push(record, locator);
  }
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(options.zip64Directory ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(options.zip64Directory ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(options.zip64Directory ? 0xffffffff : directory.length, 12);
  eocd.writeUInt32LE(options.zip64Directory ? 0xffffffff : offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, ...tailParts, eocd, comment]);
}
