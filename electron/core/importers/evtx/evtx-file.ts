import { crc32 } from '../zip/crc32';
import { BinXmlReader, type XmlNode } from './binxml';
import { ChunkBytes, EvtxError } from './evtx-error';

/**
 * The containers of an .evtx file (libyal's "Windows XML Event Log" format):
 * a file header (4 KiB, only its first 128 bytes used), then chunks of 64 KiB,
 * each a 512-byte header (record ids, the end of its records, CRC32s of its
 * header and of its records) followed by event records (a 24-byte header:
 * "**\0\0", size, 64-bit record id, FILETIME written; the BinXml; the size
 * again). Headers lie in dirty or copied files (stale chunk counts, a
 * `next_record` behind the chunks), so every chunk slot the file has is
 * looked at, and the chunks' own fields decide.
 */

export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
export const CHUNK_SIZE = 0x10000;
const CHUNK_HEADER = 512;
const RECORD_HEADER = 24;
const RECORD_MAGIC = 0x00002a2a;
const ZEROS = Buffer.alloc(CHUNK_SIZE);

export interface FileHeader {
  /** Where the first chunk starts (the header block's size, 4096). */
  chunksAt: number;
  /** Chunks the header says the file holds (stale in dirty files). */
  chunkCount: number;
  nextRecord: bigint;
  major: number;
  minor: number;
  dirty: boolean;
  full: boolean;
  checksumOk: boolean;
}

export function readFileHeader(head: Buffer, file: string): FileHeader {
  if (head.length < 128 || !head.subarray(0, 8).equals(FILE_MAGIC)) throw new EvtxError(`${file}: not an EVTX file (no "ElfFile" magic at byte 0)`, 0);
  const blockSize = head.readUInt16LE(40);
  const flags = head.readUInt32LE(120);
  return {
    // Every known writer uses 4096; a header claiming less than itself or more than a chunk is damaged, and 4096 is the better guess.
    chunksAt: blockSize >= 128 && blockSize <= CHUNK_SIZE ? blockSize : 4096,
    chunkCount: head.readUInt16LE(42),
    nextRecord: head.readBigUInt64LE(24),
    minor: head.readUInt16LE(36),
    major: head.readUInt16LE(38),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    checksumOk: crc32(head.subarray(0, 120)) === head.readUInt32LE(124),
  };
}

/** What is in one 64 KiB slot of the file. */
export type ChunkKind = 'chunk' | 'empty' | 'garbage';

export function chunkKind(slot: Buffer): ChunkKind {
  if (slot.length >= 8 && slot.subarray(0, 8).equals(CHUNK_MAGIC)) return 'chunk';
  // Slots Windows has allocated but not yet used are zeros.
  return slot.equals(ZEROS.subarray(0, slot.length)) ? 'empty' : 'garbage';
}

export interface ChunkHeader {
  /** End of the records (chunk-relative). */
  freeSpace: number;
  headerChecksumOk: boolean;
  dataChecksumOk: boolean;
}

export function readChunkHeader(bytes: ChunkBytes): ChunkHeader {
  bytes.need(0, CHUNK_HEADER, 'a chunk header');
  const b = bytes.buf;
  const freeSpace = b.readUInt32LE(48);
  const headerCrc = crc32(b.subarray(128, CHUNK_HEADER), crc32(b.subarray(0, 120)));
  const dataEnd = Math.min(Math.max(freeSpace, CHUNK_HEADER), b.length);
  return {
    freeSpace,
    headerChecksumOk: headerCrc === b.readUInt32LE(124),
    dataChecksumOk: crc32(b.subarray(CHUNK_HEADER, dataEnd)) === b.readUInt32LE(52),
  };
}

export interface EventRecord {
  /** File offset of the record. */
  offset: number;
  /** 64-bit record id, exact. */
  id: bigint;
  /** FILETIME the record was written (the record header's own time). */
  written: bigint;
  xml: XmlNode[];
}

/** A record that could not be read: where, and why. */
export interface RecordFailure {
  offset: number;
  reason: string;
}

/**
 * The records of one chunk, in order, each read or failed on its own: a
 * damaged record is reported and the reader moves on to the next record
 * header it can find (Windows aligns records to 8 bytes, but a damaged
 * record's neighbours are searched byte by byte: other writers need not), so one bad record does
 * not lose the rest of its chunk.
 */
export function* chunkRecords(bytes: ChunkBytes, header: ChunkHeader): Generator<EventRecord | RecordFailure> {
  const b = bytes.buf;
  const reader = new BinXmlReader(bytes);
  const end = Math.min(header.freeSpace, b.length);
  if (header.freeSpace < CHUNK_HEADER || header.freeSpace > CHUNK_SIZE) {
    yield { offset: bytes.base, reason: `chunk header: the end of its records (${header.freeSpace}) is outside the chunk` };
    return;
  }
  let pos = CHUNK_HEADER;
  while (pos + RECORD_HEADER <= end) {
    const problem = recordProblem(b, pos, end);
    if (problem) {
      const next = resync(b, pos + 1, end);
      yield { offset: bytes.base + pos, reason: problem + skipped(b, pos, next, bytes.base) };
      if (next === -1) return;
      pos = next;
      continue;
    }
    const size = b.readUInt32LE(pos + 4);
    const id = b.readBigUInt64LE(pos + 8);
    try {
      yield { offset: bytes.base + pos, id, written: b.readBigUInt64LE(pos + 16), xml: reader.record(pos + RECORD_HEADER, pos + size - 4) };
    } catch (err) {
      if (!(err instanceof EvtxError)) throw err;
      yield { offset: bytes.base + pos, reason: `record ${id}: ${err.message} (byte ${err.offset})` };
    }
    pos += size;
  }
  if (pos < end) yield { offset: bytes.base + pos, reason: `${end - pos} bytes before the end of the chunk's records hold no whole record` };
}

/** What the jump over a damaged record passes: the ids between it and the next readable record are lost too. */
function skipped(b: Buffer, bad: number, next: number, base: number): string {
  if (next === -1) return '; no readable record follows it in this chunk';
  if (b.readUInt32LE(bad) !== RECORD_MAGIC) return `; the next readable record is at byte ${base + next}`;
  const [from, to] = [b.readBigUInt64LE(bad + 8) + 1n, b.readBigUInt64LE(next + 8) - 1n];
  const lost = to > from ? `records ${from}–${to} lost` : to === from ? `record ${from} lost` : 'no record id skipped';
  return `; the next readable record is ${to + 1n} at byte ${base + next} (${lost})`;
}

function recordProblem(b: Buffer, pos: number, end: number): string | null {
  if (b.readUInt32LE(pos) !== RECORD_MAGIC) return 'no record signature ("**\\0\\0") where a record should start';
  const size = b.readUInt32LE(pos + 4);
  if (size < RECORD_HEADER + 4) return `a record size of ${size} bytes (a record has at least 28)`;
  if (pos + size > end) return `a record of ${size} bytes runs past the end of the chunk's records`;
  const trailer = b.readUInt32LE(pos + size - 4);
  if (trailer !== size) return `the record's size (${size}) is not repeated at its end (${trailer})${zeroTail(b, pos, size)}`;
  return null;
}

/** Why a record's end is wrong, when it is zeros: the record was cut off (a sector never written or wiped), and what is left of it would be a cut value, not the event. */
function zeroTail(b: Buffer, pos: number, size: number): string {
  let from = pos + size;
  while (from > pos && b[from - 1] === 0) from--;
  const zeros = pos + size - from;
  // A record ends with a zero (its EOF token) and often a zero-padded value: a few zeros before a wrong size say nothing.
  return zeros >= 16 ? `: its last ${zeros} of ${size} bytes are zeros (cut off or overwritten; its values would be cut, so it is not read)` : '';
}

/** Well-formed records left in a slot that lost its chunk header: their ids, for the report (without the chunk's string and template tables they cannot be read). */
export function strandedRecords(slot: Buffer): bigint[] {
  const ids: bigint[] = [];
  let pos = resync(slot, 0, slot.length);
  while (pos !== -1) {
    ids.push(slot.readBigUInt64LE(pos + 8));
    pos = resync(slot, pos + slot.readUInt32LE(pos + 4), slot.length);
  }
  return ids;
}

/** The next offset after `from` where a well-formed record starts, or -1. */
function resync(b: Buffer, from: number, end: number): number {
  for (let pos = from; pos + RECORD_HEADER <= end; pos++) {
    if (b.readUInt32LE(pos) === RECORD_MAGIC && recordProblem(b, pos, end) === null) return pos;
  }
  return -1;
}
