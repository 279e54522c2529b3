// Writes a large, valid .evtx file for the bench out of the sample logs' chunks
// (../shared/samples/more/evtx): each chunk copied as often as needed, its
// records' ids (record headers and chunk header) renumbered so the file counts
// up from 1 without gaps, and both CRC32s recomputed. The events inside keep
// their own System/EventRecordID and times: the point is the format's real
// mix of templates, value types and record sizes, not new content.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

const CHUNK = 0x10000;
const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes, crc = 0) {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * Every chunk of the samples whose records all have their size repeated at their end (the damaged
 * sample's chunks are left out), taken from each sample in turn, so that any prefix of the file has
 * the mix of the whole (python-evtx is timed on a prefix).
 */
export function sampleChunks(dir) {
  if (!existsSync(dir)) return [];
  const perFile = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.evtx'))
    .sort()) {
    const file = readFileSync(path.join(dir, name));
    const chunks = [];
    for (let at = 4096; at + CHUNK <= file.length; at += CHUNK) {
      const chunk = file.subarray(at, at + CHUNK);
      if (chunk.toString('latin1', 0, 8) === 'ElfChnk\0' && recordsOf(chunk) !== null) chunks.push(Buffer.from(chunk));
    }
    if (chunks.length) perFile.push(chunks);
  }
  const mixed = [];
  for (let i = 0; mixed.length < perFile.reduce((n, c) => n + c.length, 0); i++) for (const chunks of perFile) if (i < chunks.length) mixed.push(chunks[i]);
  return mixed;
}

/** Offsets of a chunk's records, or null when one of them is broken. */
function recordsOf(chunk) {
  const end = chunk.readUInt32LE(48);
  if (end < 512 || end > CHUNK) return null;
  const offsets = [];
  for (let pos = 512; pos + 24 <= end;) {
    const size = chunk.readUInt32LE(pos + 4);
    if (chunk.readUInt32LE(pos) !== 0x2a2a || size < 28 || pos + size > end || chunk.readUInt32LE(pos + size - 4) !== size) return null;
    offsets.push(pos);
    pos += size;
  }
  return offsets;
}

/** Writes `file` of at least `bytes` bytes; returns its chunk and record counts. */
export function writeBenchEvtx(file, bytes, chunks) {
  const count = Math.min(0xffff, Math.ceil(bytes / CHUNK));
  const fd = openSync(file, 'w');
  let next = 1n;
  try {
    writeSync(fd, Buffer.alloc(4096), 0, 4096, 0);
    for (let i = 0; i < count; i++) {
      const chunk = Buffer.from(chunks[i % chunks.length]);
      const offsets = recordsOf(chunk);
      const first = next;
      for (const pos of offsets) chunk.writeBigUInt64LE(next++, pos + 8);
      for (const at of [8, 24]) chunk.writeBigUInt64LE(first, at);
      for (const at of [16, 32]) chunk.writeBigUInt64LE(next - 1n, at);
      chunk.writeUInt32LE(crc32(chunk.subarray(512, chunk.readUInt32LE(48))), 52);
      chunk.writeUInt32LE(crc32(chunk.subarray(128, 512), crc32(chunk.subarray(0, 120))), 124);
      writeSync(fd, chunk, 0, CHUNK, 4096 + i * CHUNK);
    }
    const header = Buffer.alloc(4096);
    header.write('ElfFile\0', 0, 'latin1');
    header.writeBigUInt64LE(BigInt(count - 1), 16);
    header.writeBigUInt64LE(next, 24);
    header.writeUInt32LE(128, 32);
    header.writeUInt16LE(1, 36);
    header.writeUInt16LE(3, 38);
    header.writeUInt16LE(4096, 40);
    header.writeUInt16LE(count, 42);
    header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
    writeSync(fd, header, 0, 4096, 0);
  } finally {
    closeSync(fd);
  }
  return { chunks: count, records: Number(next - 1n) };
}
