import { Readable, pipeline } from 'node:stream';
import { constants, gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { ImportProblem } from '../problems';
import { isGzip } from '../gzip';
import { entrySource, type EntrySource, type SpoolOptions } from '../archive/entry-source';

/**
 * The files of a tar archive (plain, or gzipped: .tar.gz/.tgz), read with
 * tar-stream and held to the same rules as a ZIP archive's entries:
 * - nothing is ever written to disk, and entries whose names climb out of the
 *   archive (`../`, absolute paths) are left out with a warning, as are links
 *   (symbolic and hard: never followed) and devices, FIFOs and other non-files;
 * - an entry's declared size is checked before its data is read: one larger
 *   than MAX_ENTRY_BYTES is refused, and all entries together may not pass
 *   the archive's budget; a large entry is spooled to an encrypted temporary
 *   file rather than held in memory (archive/entry-source.ts);
 * - a gzipped archive inflates under gzip.ts's budget (a bomb is refused as
 *   soon as it crosses it) and a cut archive is an error naming where it ends.
 */

/** An entry may hold at most this much (as much as a gzip stream may inflate to: gzip.ts); past 64 MiB it is spooled, not held in memory. */
export const MAX_ENTRY_BYTES = 4 * 1024 ** 3;
/** Entries read, at most (an archive of a million empty files is a denial of service, not evidence). */
export const MAX_ENTRIES = 100_000;

const TAR_MAGIC_AT = 257;

/** Whether these first bytes (of the tar, or of what a gzip stream holds) are a tar header. */
export function isTarHeader(bytes: Buffer): boolean {
  return bytes.length >= TAR_MAGIC_AT + 5 && bytes.toString('latin1', TAR_MAGIC_AT, TAR_MAGIC_AT + 5) === 'ustar';
}

/** A .tar or .tar.gz by its first bytes (a gzip stream's first KiB is inflated). */
export function looksLikeTar(head: Buffer): boolean {
  if (isTarHeader(head)) return true;
  if (!isGzip(head)) return false;
  try {
    // The first header is the first 512 bytes out: a few hundred compressed bytes hold it.
    return isTarHeader(gunzipSync(head.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 ** 2 }));
  } catch {
    return false;
  }
}

export interface TarFile {
  name: string;
  source: EntrySource;
}

export interface TarReadOptions {
  file: string;
  /** The most all entries may hold together. */
  budget: number;
  warn(message: string): void;
  maxEntryBytes?: number;
  spool?: SpoolOptions;
}

/** A name that stays inside the archive: relative, with no `..` step. */
export function safeEntryName(name: string): boolean {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.startsWith('\\')) return false;
  return !name.split(/[\\/]/).includes('..');
}

function tarProblem(file: string, err: Error): ImportProblem {
  if (err instanceof ImportProblem) return err;
  if (/unexpected end of data/i.test(err.message)) return new ImportProblem(`${file}: the tar archive ends in the middle of an entry: it is truncated`);
  return new ImportProblem(`${file}: the tar archive is damaged (${err.message})`);
}

/** The regular files of the archive `bytes` holds (already inflated), each whole, in archive order. */
export async function* tarFiles(bytes: AsyncIterable<Buffer>, options: TarReadOptions): AsyncGenerator<TarFile> {
  const limit = options.maxEntryBytes ?? MAX_ENTRY_BYTES;
  const extract = tar.extract();
  pipeline(Readable.from(bytes), extract, () => undefined);
  let total = 0;
  let count = 0;
  try {
    for await (const entry of extract) {
      const { name, type, size = 0 } = entry.header;
      count++;
      if (count > MAX_ENTRIES) throw new ImportProblem(`${options.file}: more than ${MAX_ENTRIES} entries in the tar archive: refused`);
      if (type !== 'file' && type !== 'contiguous-file') {
        if (type !== 'directory') options.warn(`entry "${name}" was skipped: a ${type} (links and special files are never followed)`);
        entry.resume();
        continue;
      }
      if (!safeEntryName(name)) {
        options.warn(`entry "${name}" was skipped: its name leads outside the archive`);
        entry.resume();
        continue;
      }
      if (size > limit) {
        throw new ImportProblem(
          `${options.file}: entry "${name}" declares ${size} bytes, more than the ${limit} an archive entry may hold: extract it and import the file itself`,
        );
      }
      total += size;
      if (total > options.budget) {
        throw new ImportProblem(
          `${options.file}: its entries declare more than ${options.budget} bytes in all (at "${name}"): refused as a likely archive bomb`,
        );
      }
      yield { name, source: await entrySource(name, size, entry as AsyncIterable<Buffer>, options.spool) };
    }
  } catch (err) {
    throw tarProblem(options.file, err as Error);
  } finally {
    extract.destroy();
  }
}
