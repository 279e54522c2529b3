import { ImportProblem } from '../problems';
import { readRange, type ByteSource } from './byte-source';
import { decodeCp437 } from './cp437';
import { crc32 } from './crc32';

/**
 * The central directory of a ZIP archive (APPNOTE.TXT 6.3): the list of
 * entries at the end of the file, which is the authority on each entry's name,
 * sizes and checksum. Local headers may leave those zero when the writer
 * streamed (general-purpose bit 3, a data descriptor after the data), so the
 * directory is read first and local headers only to find where data begins.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused when read. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** Where the next entry's local header (or the central directory) begins: this entry's data must end by then. */
  spanEnd: number;
  encrypted: boolean;
  isDirectory: boolean;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_BYTES = 22;
const MAX_COMMENT = 0xffff;
/** A directory larger than this is not a real archive's (about a million entries). */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
/** Strong encryption (bit 6) and the AES method (99) are encryption too. */
const FLAG_STRONG_ENCRYPTION = 0x40;
const METHOD_AES = 99;

/** A 64-bit little-endian size or offset, refused past 2^53 (no real file is that large). */
function u64(buf: Buffer, at: number, what: string, file: string): number {
  const value = buf.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ImportProblem(`${file}: the ZIP64 ${what} (${value}) is impossibly large; the archive is damaged`);
  return Number(value);
}

export async function readZipDirectory(source: ByteSource, file: string): Promise<ZipEntry[]> {
  const { size } = source;
  if (size < EOCD_BYTES) throw new ImportProblem(`${file}: ${size} bytes is too short for a ZIP archive (it is truncated)`);

  // The end-of-central-directory record sits before a comment of up to 64 KiB.
  const tailStart = Math.max(0, size - EOCD_BYTES - MAX_COMMENT);
  const tail = await readRange(source, tailStart, size);
  let eocd = -1;
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + EOCD_BYTES + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) {
    throw new ImportProblem(
      `${file}: no end-of-central-directory record in the last ${tail.length} bytes: the ZIP archive is truncated or damaged`,
    );
  }
  let entryCount = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);

  // ZIP64: the classic fields are saturated and the real values live in the ZIP64 record.
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = tailStart + eocd - 20;
    const locator = locatorAt >= 0 ? await readRange(source, locatorAt, locatorAt + 20) : Buffer.alloc(0);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIG) {
      throw new ImportProblem(`${file}: the archive says it is ZIP64 but has no ZIP64 locator before byte ${tailStart + eocd}; it is damaged`);
    }
    const recordAt = u64(locator, 8, 'record offset', file);
    const record = await readRange(source, recordAt, recordAt + 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIG) {
      throw new ImportProblem(`${file}: no ZIP64 end-of-central-directory record at byte ${recordAt}; the archive is damaged`);
    }
    entryCount = u64(record, 32, 'entry count', file);
    directorySize = u64(record, 40, 'directory size', file);
    directoryOffset = u64(record, 48, 'directory offset', file);
  }

  if (directoryOffset + directorySize > size) {
    throw new ImportProblem(
      `${file}: the central directory (bytes ${directoryOffset}–${directoryOffset + directorySize}) runs past the end of the ` +
        `${size}-byte file: the ZIP archive is truncated`,
    );
  }
  if (directorySize > MAX_DIRECTORY_BYTES) throw new ImportProblem(`${file}: a ${directorySize}-byte central directory is not plausible; the archive is damaged`);
  const dir = await readRange(source, directoryOffset, directoryOffset + directorySize);
  return bounded(parseEntries(dir, entryCount, directoryOffset, file), directoryOffset, file);
}

/**
 * Gives each entry the end of its span (the next header by offset, or the
 * directory) and refuses entries that overlap: an archive whose directory lists
 * one body many times (under other names, or at offsets inside it) multiplies
 * its content without growing, which no ratio limit sees. The exact end of an
 * entry's data needs its local header, checked when it is read; here the
 * smallest possible entry (a header and its compressed bytes) must fit.
 */
function bounded(entries: ZipEntry[], directoryOffset: number, file: string): ZipEntry[] {
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  byOffset.forEach((entry, i) => {
    const next = byOffset[i + 1];
    entry.spanEnd = next ? next.localHeaderOffset : directoryOffset;
    if (entry.localHeaderOffset + 30 + entry.compressedSize > entry.spanEnd) {
      throw new ImportProblem(
        `${file}: entry "${entry.name}" (header at byte ${entry.localHeaderOffset}, ${entry.compressedSize} compressed bytes) overlaps ` +
          (next ? `entry "${next.name}" (header at byte ${next.localHeaderOffset})` : `the central directory at byte ${directoryOffset}`) +
          `: entries sharing their bytes are refused (a zip bomb's trick)`,
      );
    }
  });
  return entries;
}

function parseEntries(dir: Buffer, count: number, base: number, file: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIG) {
      throw new ImportProblem(`${file}: central directory entry ${n + 1} (byte ${base + at}) is damaged`);
    }
    const flags = dir.readUInt16LE(at + 8);
    const method = dir.readUInt16LE(at + 10);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > dir.length) throw new ImportProblem(`${file}: central directory entry ${n + 1} (byte ${base + at}) runs past the directory`);
    const rawName = dir.subarray(at + 46, at + 46 + nameLength);
    const extra = dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    let size = dir.readUInt32LE(at + 24);
    let compressedSize = dir.readUInt32LE(at + 20);
    let localHeaderOffset = dir.readUInt32LE(at + 42);
    let name = flags & FLAG_UTF8 ? rawName.toString('utf8') : decodeCp437(rawName);

    for (let x = 0; x + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(x);
      const length = extra.readUInt16LE(x + 2);
      const data = extra.subarray(x + 4, x + 4 + length);
      if (id === 0x0001) {
        // ZIP64 extended information: only the saturated fields are present, in this order.
        let y = 0;
        const next = (what: string) => {
          if (y + 8 > data.length) throw new ImportProblem(`${file}: entry "${name}": its ZIP64 field is too short for the ${what}`);
          const v = u64(data, y, what, file);
          y += 8;
          return v;
        };
        if (size === 0xffffffff) size = next('size');
        if (compressedSize === 0xffffffff) compressedSize = next('compressed size');
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next('header offset');
      } else if (id === 0x7075 && length >= 5 && data.readUInt32LE(1) === crc32(rawName)) {
        // Info-ZIP Unicode path: the UTF-8 name, valid while it matches the header's name.
        name = data.subarray(5).toString('utf8');
      }
      x += 4 + length;
    }

    entries.push({
      name,
      method,
      flags,
      crc32: dir.readUInt32LE(at + 16),
      compressedSize,
      size,
      localHeaderOffset,
      spanEnd: 0,
      encrypted: (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0 || method === METHOD_AES,
      isDirectory: name.endsWith('/') || name.endsWith('\\'),
    });
    at = end;
  }
  return entries;
}

/** Where the entry's data begins: after its local header, whose name and extra lengths may differ from the directory's. */
export async function entryDataOffset(source: ByteSource, entry: ZipEntry, file: string): Promise<number> {
  const header = await readRange(source, entry.localHeaderOffset, entry.localHeaderOffset + 30);
  if (header.length < 30) {
    throw new ImportProblem(`${file}: entry "${entry.name}": its local header at byte ${entry.localHeaderOffset} is past the end of the file (truncated)`);
  }
  if (header.readUInt32LE(0) !== LOCAL_SIG) {
    throw new ImportProblem(`${file}: entry "${entry.name}": no local header at byte ${entry.localHeaderOffset}; the archive is damaged`);
  }
  return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** Entry names in the local headers at the start of an archive (for sniffing, which sees only the first bytes). */
export function leadingEntryNames(head: Buffer, limit = 16): string[] {
  const names: string[] = [];
  let at = 0;
  while (names.length < limit && at + 30 <= head.length && head.readUInt32LE(at) === LOCAL_SIG) {
    const flags = head.readUInt16LE(at + 6);
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    const raw = head.subarray(at + 30, at + 30 + nameLength);
    names.push(flags & FLAG_UTF8 ? raw.toString('utf8') : decodeCp437(raw));
    // With a data descriptor the local sizes are zero: the next header cannot be found from here.
    if (flags & 0x8) break;
    at += 30 + nameLength + extraLength + head.readUInt32LE(at + 18);
  }
  return names;
}
