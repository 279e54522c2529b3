import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ImportProblem } from '../problems';
import { readRange, type ByteSource } from './byte-source';
import { checkNoOverlap } from './zip-limits';
import type { ZipEntry } from './zip-entry-type';

/**
 * An archive's entries, read by yauzl from its central directory (the
 * authority on each entry's name, sizes and checksum; local headers may leave
 * them zero when the writer streamed). yauzl finds the end record behind a
 * comment, follows ZIP64 records and extra fields, and decodes names (UTF-8
 * when flagged, else CP437, or the Info-ZIP Unicode path). What it does not
 * do, a zip bomb's guards, stays ours (zip-limits.ts): entries sharing bytes
 * are refused here, ratios and the CRC when an entry is read (zip-entry.ts).
 */

export type { ZipEntry } from './zip-entry-type';

const LOCAL_SIG = 0x04034b50;
const EOCD_BYTES = 22;
const FLAG_ENCRYPTED = 0x1;
/** Strong encryption (bit 6) and the AES method (99) are encryption too. */
const FLAG_STRONG_ENCRYPTION = 0x40;
const METHOD_AES = 99;

/** How much of the central directory is read at once: yauzl asks for it a record (46 bytes, then the name) at a time. */
const DIRECTORY_BLOCK = 256 * 1024;

/**
 * yauzl reads by range through this: each range is streamed from the import's
 * bytes, never read whole. Ranges inside the central directory (from
 * `directoryFrom` on) are served from blocks read ahead, so that an archive
 * of many entries is not read 46 bytes at a time.
 */
class ByteSourceReader extends yauzl.RandomAccessReader {
  directoryFrom = Infinity;
  private block: { start: number; bytes: Buffer } | null = null;

  constructor(private readonly bytes: ByteSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (start < this.directoryFrom || end - start > DIRECTORY_BLOCK) return Readable.from(this.bytes.stream(start, end), { objectMode: false });
    return Readable.from(this.fromBlock(start, end), { objectMode: false });
  }

  private async *fromBlock(start: number, end: number): AsyncGenerator<Buffer> {
    let block = this.block;
    if (!block || start < block.start || end > block.start + block.bytes.length) {
      block = this.block = { start, bytes: await readRange(this.bytes, start, Math.min(this.bytes.size, start + DIRECTORY_BLOCK)) };
    }
    yield block.bytes.subarray(start - block.start, Math.min(end, block.start + block.bytes.length) - block.start);
  }

  override close(callback: (err: Error | null) => void): void {
    callback(null);
  }
}

/** yauzl's messages, said in terms of the file and what the analyst can do about it. */
function directoryProblem(err: Error, file: string, size: number): ImportProblem {
  if (/end of central directory record signature not found/i.test(err.message)) {
    // yauzl looks as far back as a ZIP64 locator, the record and its longest comment.
    const searched = Math.min(size, 20 + EOCD_BYTES + 0xffff);
    return new ImportProblem(`${file}: no end-of-central-directory record in the last ${searched} bytes: the ZIP archive is truncated or damaged`);
  }
  if (/unexpected EOF|not enough bytes/i.test(err.message)) {
    return new ImportProblem(`${file}: the central directory runs past the end of the ${size}-byte file: the ZIP archive is truncated`);
  }
  if (/strong encryption/i.test(err.message)) {
    return new ImportProblem(
      `${file}: an entry uses strong encryption; Casebook does not read password-protected archives: extract it with its password and import the file itself`,
    );
  }
  return new ImportProblem(`${file}: the ZIP archive's directory is damaged (${err.message})`);
}

export async function readZipDirectory(source: ByteSource, file: string): Promise<ZipEntry[]> {
  const { size } = source;
  if (size < EOCD_BYTES) throw new ImportProblem(`${file}: ${size} bytes is too short for a ZIP archive (it is truncated)`);
  const entries: ZipEntry[] = [];
  let directoryOffset: number;
  try {
    // Sizes are checked by zip-entry.ts (with the entry's name in the message); names are decoded
    // below without yauzl's path checks: nothing is extracted to disk, so "../x" is just a name.
    const reader = new ByteSourceReader(source);
    const zip = await yauzl.fromRandomAccessReaderPromise(reader, size, {
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: false,
    });
    // Before any entry is read, yauzl's cursor is where the central directory begins.
    directoryOffset = Number(zip.readEntryCursor);
    reader.directoryFrom = directoryOffset;
    for await (const entry of zip.eachEntry()) entries.push(toZipEntry(zip, entry));
  } catch (err) {
    throw directoryProblem(err as Error, file, size);
  }
  checkNoOverlap(entries, directoryOffset, file);
  return entries;
}

function toZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): ZipEntry {
  const flags = entry.generalPurposeBitFlag;
  const name = yauzl.getFileNameLowLevel(flags, entry.fileName as unknown as Buffer, entry.extraFields, false);
  return {
    name,
    method: entry.compressionMethod,
    crc32: entry.crc32,
    compressedSize: entry.compressedSize,
    size: entry.uncompressedSize,
    localHeaderOffset: entry.relativeOffsetOfLocalHeader,
    spanEnd: 0,
    encrypted: (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0 || entry.compressionMethod === METHOD_AES,
    isDirectory: name.endsWith('/'),
    source: { zip, entry },
  };
}

/**
 * Entry names in the local headers at the start of an archive, for sniffing,
 * which sees only the first bytes (yauzl needs the directory at the end).
 */
export function leadingEntryNames(head: Buffer, limit = 16): string[] {
  const names: string[] = [];
  let at = 0;
  while (names.length < limit && at + 30 <= head.length && head.readUInt32LE(at) === LOCAL_SIG) {
    const flags = head.readUInt16LE(at + 6);
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    names.push(yauzl.getFileNameLowLevel(flags, head.subarray(at + 30, at + 30 + nameLength), [], false));
    // With a data descriptor the local sizes are zero: the next header cannot be found from here.
    if (flags & 0x8) break;
    at += 30 + nameLength + extraLength + head.readUInt32LE(at + 18);
  }
  return names;
}
