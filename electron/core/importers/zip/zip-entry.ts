import { Readable, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { ImportProblem } from '../problems';
import { crc32 } from './crc32';
import type { ZipEntry } from './zip-directory';
import { isBomb, MAX_RATIO } from './zip-limits';

/**
 * One entry's content as a stream of decompressed chunks: yauzl finds and
 * reads its data (after the local header), zlib inflates it, and it is checked here as it goes: never more than the directory
 * declared, the CRC-32 compared at the end (yauzl leaves that to its caller),
 * and an entry that inflates beyond any sane ratio refused before it fills the
 * disk or memory of whoever reads it (a "zip bomb", zip-limits.ts). Its data
 * must end before the next entry's header: entries sharing one body are refused.
 */

const METHOD_NAMES: Record<number, string> = { 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd' };

function problem(file: string, entry: ZipEntry, what: string): ImportProblem {
  return new ImportProblem(`${file}: entry "${entry.name}": ${what}`);
}

export interface EntryReadOptions {
  /** Compressed bytes consumed, for progress. */
  onBytes?: (bytes: number) => void;
}

function refuseUnreadable(entry: ZipEntry, file: string): void {
  if (entry.encrypted) {
    throw problem(file, entry, 'it is encrypted; Casebook does not read password-protected archives: extract it with its password and import the file itself');
  }
  if (entry.method !== 0 && entry.method !== 8) {
    const known = METHOD_NAMES[entry.method];
    throw problem(file, entry, `it is compressed with method ${entry.method}${known ? ` (${known})` : ''}; only stored and deflate entries can be read`);
  }
  if (isBomb(entry.size, entry.compressedSize)) {
    throw problem(
      file,
      entry,
      `it declares ${entry.size} bytes from ${entry.compressedSize} compressed, more than ${MAX_RATIO} times: refused as a likely zip bomb`,
    );
  }
}

/** Where the entry's data begins (after its local header), checked to end inside the file and before what follows it. */
async function dataStart(entry: ZipEntry, file: string): Promise<number> {
  const { zip } = entry.source;
  let start: number;
  try {
    ({ fileDataStart: start } = await zip.readLocalFileHeaderPromise(entry.source.entry, { minimal: true }));
  } catch (err) {
    const message = (err as Error).message;
    if (/invalid local file header signature/.test(message))
      throw problem(file, entry, `no local header at byte ${entry.localHeaderOffset}; the archive is damaged`);
    if (!/file data overflows/.test(message))
      throw problem(file, entry, `its local header at byte ${entry.localHeaderOffset} cannot be read (${message}): the archive is truncated`);
    start = entry.localHeaderOffset + 30; // yauzl refused the data's bounds: the check below says where
  }
  const end = start + entry.compressedSize;
  if (end > zip.fileSize) {
    throw problem(file, entry, `its data (bytes ${start}–${end}) runs past the end of the ${zip.fileSize}-byte file: the archive is truncated`);
  }
  if (end > entry.spanEnd) {
    throw problem(
      file,
      entry,
      `its data (bytes ${start}–${end}) runs into what follows it at byte ${entry.spanEnd} (another entry or the directory): overlapping entries are refused`,
    );
  }
  return start;
}

/** Inflates a raw deflate stream chunk by chunk (zlib's own backpressure keeps memory flat). */
async function* inflate(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // 1 MiB pieces: a long line is joined from few of them.
  const inflater = createInflateRaw({ chunkSize: 1024 * 1024 });
  // An error in either stream destroys both; iterating the inflater then throws it.
  pipeline(Readable.from(compressed), inflater, () => undefined);
  yield* inflater as AsyncIterable<Buffer>;
}

/** The entry's bytes as yauzl reads them (compressed), counted for progress and for truncation. */
async function* rawData(entry: ZipEntry, file: string, options: EntryReadOptions, counted: { bytes: number }): AsyncGenerator<Buffer> {
  const start = await dataStart(entry, file);
  // The callback form: yauzl 3.4's openReadStreamLowLevelPromise calls openReadStream by mistake.
  const raw = await new Promise<Readable>((resolve, reject) =>
    entry.source.zip.openReadStreamLowLevel(start, entry.compressedSize, 0, entry.compressedSize, false, null, (err, stream) =>
      err ? reject(err) : resolve(stream),
    ),
  );
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      counted.bytes += chunk.length;
      options.onBytes?.(chunk.length);
      yield chunk;
    }
  } catch (err) {
    // yauzl asserts each range's length: a file that ends early is a truncated archive.
    if (/not enough bytes|unexpected EOF/.test((err as Error).message)) {
      throw problem(file, entry, `only ${counted.bytes} of its ${entry.compressedSize} compressed bytes could be read: the archive is truncated`);
    }
    throw err;
  }
}

export async function* readZipEntry(entry: ZipEntry, file: string, options: EntryReadOptions = {}): AsyncGenerator<Buffer> {
  refuseUnreadable(entry, file);
  const counted = { bytes: 0 };
  let produced = 0;
  let crc = 0;
  const raw = rawData(entry, file, options, counted);
  const chunks = entry.method === 8 ? inflate(raw) : raw;
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
  if (counted.bytes < entry.compressedSize) {
    throw problem(file, entry, `only ${counted.bytes} of its ${entry.compressedSize} compressed bytes could be read: the archive is truncated`);
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
