import { Readable, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { ImportProblem } from '../problems';
import type { ByteSource } from './byte-source';
import { crc32 } from './crc32';
import { entryDataOffset, type ZipEntry } from './zip-directory';
import { isBomb, MAX_RATIO } from './zip-limits';

/**
 * One entry's content as a stream of decompressed chunks, checked as it goes:
 * never more than the directory declared, the CRC-32 compared at the end, and
 * an entry that inflates beyond any sane ratio refused before it fills the disk
 * or memory of whoever reads it (a "zip bomb", zip-limits.ts). Its data must
 * end before the next entry's header: entries sharing one body are refused.
 */

const METHOD_NAMES: Record<number, string> = { 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd' };

function problem(file: string, entry: ZipEntry, what: string): ImportProblem {
  return new ImportProblem(`${file}: entry "${entry.name}": ${what}`);
}

/** Inflates a raw deflate stream chunk by chunk (zlib's own backpressure keeps memory flat). */
async function* inflate(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // 1 MiB pieces: a long line is joined from few of them.
  const inflater = createInflateRaw({ chunkSize: 1024 * 1024 });
  // An error in either stream destroys both; iterating the inflater then throws it.
  pipeline(Readable.from(compressed), inflater, () => undefined);
  yield* inflater as AsyncIterable<Buffer>;
}

export interface EntryReadOptions {
  /** Compressed bytes consumed, for progress. */
  onBytes?: (bytes: number) => void;
}

export async function* readZipEntry(source: ByteSource, entry: ZipEntry, file: string, options: EntryReadOptions = {}): AsyncGenerator<Buffer> {
  if (entry.encrypted) {
    throw problem(file, entry, 'it is encrypted; Casebook does not read password-protected archives: extract it with its password and import the file itself');
  }
  if (entry.method !== 0 && entry.method !== 8) {
    const known = METHOD_NAMES[entry.method];
    throw problem(file, entry, `it is compressed with method ${entry.method}${known ? ` (${known})` : ''}; only stored and deflate entries can be read`);
  }
  if (isBomb(entry.size, entry.compressedSize)) {
    throw problem(file, entry, `it declares ${entry.size} bytes from ${entry.compressedSize} compressed, more than ${MAX_RATIO} times: refused as a likely zip bomb`);
  }
  const start = await entryDataOffset(source, entry, file);
  const end = start + entry.compressedSize;
  if (end > source.size) {
    throw problem(file, entry, `its data (bytes ${start}–${end}) runs past the end of the ${source.size}-byte file: the archive is truncated`);
  }
  if (end > entry.spanEnd) {
    throw problem(file, entry, `its data (bytes ${start}–${end}) runs into what follows it at byte ${entry.spanEnd} (another entry or the directory): overlapping entries are refused`);
  }

  let compressedRead = 0;
  const raw = async function* () {
    for await (const chunk of source.stream(start, end)) {
      compressedRead += chunk.length;
      options.onBytes?.(chunk.length);
      yield chunk;
    }
  };

  let produced = 0;
  let crc = 0;
  const chunks = entry.method === 8 ? inflate(raw()) : raw();
  try {
    for await (const chunk of chunks) {
      produced += chunk.length;
      if (produced > entry.size) {
        throw problem(file, entry, `it inflates to more than the ${entry.size} bytes its directory entry declares; the archive is damaged or forged`);
      }
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ImportProblem) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR_ZLIB')) {
      throw problem(file, entry, `its compressed data is damaged (${(err as Error).message}) after ${produced} bytes`);
    }
    throw err;
  }
  if (compressedRead < entry.compressedSize) {
    throw problem(file, entry, `only ${compressedRead} of its ${entry.compressedSize} compressed bytes could be read: the archive is truncated`);
  }
  if (produced !== entry.size) {
    throw problem(file, entry, `it holds ${produced} bytes but its directory entry declares ${entry.size}; the archive is damaged`);
  }
  if (crc !== entry.crc32) {
    throw problem(
      file,
      entry,
      `CRC-32 mismatch (the archive says ${entry.crc32.toString(16).padStart(8, '0')}, the content is ${crc.toString(16).padStart(8, '0')}): the entry is corrupted`,
    );
  }
}
