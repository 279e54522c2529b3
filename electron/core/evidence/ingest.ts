import { createHash } from 'node:crypto';
import { promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import type { EvidenceFile } from '../../../shared/domain/evidence';
import { CasebookError } from '../../../shared/ipc/errors';
import { IMPORT_READ_FLAGS } from '../fs/import-file';
import { fsyncDir } from '../fs/atomic-write';
import { CHUNK_BYTES } from './blob-format';
import { BlobWriter, blobName, type EvidenceFs } from './blob-store';

/**
 * Reads a file, or every file of a folder, into a staged item of the blob
 * store: each file read once, in chunks, while SHA-256, SHA-1 and MD5 are
 * computed and the chunk is sealed and written. Each file is checked
 * unchanged (size and modification time) after it is read, and must end where
 * its size said. The caller publishes the staged folder or removes it.
 */

export interface IngestTarget {
  caseId: string;
  itemId: string;
  key: Buffer;
  /** The staged item's folder (created here). */
  dir: string;
}

export interface IngestDeps {
  fs: EvidenceFs;
  signal: AbortSignal;
  /** Bytes read so far of the whole item, and the item's total. */
  onProgress(done: number, total: number): void;
}

export interface Ingested {
  files: EvidenceFile[];
  skipped: string[];
  size: number;
  folder: boolean;
}

interface SourceFile {
  absolute: string;
  relative: string;
  stat: BigIntStats;
}

const unreadable = (file: string, err: unknown) =>
  new CasebookError('invalid-input', `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);

/** The regular files under a folder, sorted by path, and what is not a regular file (links, devices), by path. */
async function walk(root: string): Promise<{ files: SourceFile[]; skipped: string[] }> {
  const files: SourceFile[] = [];
  const skipped: string[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err) => {
      throw unreadable(dir, err);
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await visit(absolute, relative);
      else if (entry.isFile()) files.push({ absolute, relative, stat: await statOf(absolute) });
      else skipped.push(relative);
    }
  };
  await visit(root, '');
  return { files, skipped };
}

async function statOf(file: string): Promise<BigIntStats> {
  return fs.stat(file, { bigint: true }).catch((err) => {
    throw unreadable(file, err);
  });
}

/** What to ingest at `source`: the file itself, or a folder's regular files. */
export async function sourceFiles(source: string): Promise<{ files: SourceFile[]; skipped: string[]; folder: boolean }> {
  const stat = await statOf(source);
  if (stat.isDirectory()) {
    const found = await walk(source);
    if (found.files.length === 0) throw new CasebookError('invalid-input', `${source}: the folder holds no file to ingest`);
    return { ...found, folder: true };
  }
  if (!stat.isFile())
    throw new CasebookError('invalid-input', `${source}: not a regular file or a folder (a device, a pipe or a socket cannot be evidence here)`);
  return { files: [{ absolute: source, relative: path.basename(source), stat }], skipped: [], folder: false };
}

export async function ingest(source: string, target: IngestTarget, deps: IngestDeps): Promise<Ingested> {
  const found = await sourceFiles(source);
  const total = found.files.reduce((sum, f) => sum + Number(f.stat.size), 0);
  await fs.mkdir(target.dir, { recursive: true, mode: 0o700 });
  const files: EvidenceFile[] = [];
  let before = 0;
  for (const [index, file] of found.files.entries()) {
    const blob = blobName(index + 1);
    const stored = await ingestOne(file, path.join(target.dir, blob), { caseId: target.caseId, itemId: target.itemId, blob }, target.key, deps, (n) =>
      deps.onProgress(before + n, total),
    );
    before += stored.size;
    files.push(stored);
  }
  await fsyncDir(target.dir);
  return { files, skipped: found.skipped, size: total, folder: found.folder };
}

/** One file into one blob; hashes computed from the very bytes sealed. */
async function ingestOne(
  file: SourceFile,
  dest: string,
  at: { caseId: string; itemId: string; blob: string },
  key: Buffer,
  deps: IngestDeps,
  onBytes: (n: number) => void,
): Promise<EvidenceFile> {
  const size = Number(file.stat.size);
  const handle = await fs.open(file.absolute, IMPORT_READ_FLAGS).catch((err) => {
    throw unreadable(file.absolute, err);
  });
  const writer = await BlobWriter.create(deps.fs, dest, key, at).catch(async (err) => {
    await handle.close();
    throw err;
  });
  const hashes = { sha256: createHash('sha256'), sha1: createHash('sha1'), md5: createHash('md5') };
  try {
    // Two buffers: the next chunk is read (on the thread pool) while this one is hashed and sealed.
    const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
    const readInto = (buffer: Buffer, position: number) =>
      readFull(handle, buffer, position).catch((err) => {
        throw unreadable(file.absolute, err);
      });
    let position = 0;
    let turn = 0;
    let pending = readInto(buffers[0]!, 0);
    let lastProgress = 0;
    for (;;) {
      deps.signal.throwIfAborted();
      const n = await pending;
      const chunk = buffers[turn]!.subarray(0, n);
      const last = position + n >= size;
      if (n < CHUNK_BYTES && !last) throw changed(file, `it ended at byte ${position + n}, ${size} expected`);
      position += n;
      turn ^= 1;
      if (!last) pending = readInto(buffers[turn]!, position);
      for (const h of Object.values(hashes)) h.update(chunk);
      await writer.append(chunk, last);
      if (position - lastProgress >= 16 * CHUNK_BYTES || last) {
        lastProgress = position;
        onBytes(position);
      }
      if (last) break;
    }
    const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, position);
    if (bytesRead) throw changed(file, `it grew past its ${size} bytes`);
    await writer.finish();
  } catch (err) {
    await writer.abandon();
    throw err;
  } finally {
    await handle.close();
  }
  const after = await statOf(file.absolute);
  if (after.size !== file.stat.size || after.mtimeNs !== file.stat.mtimeNs) {
    throw changed(file, `its size or modification time moved from ${file.stat.size} bytes at ${iso(file.stat)} to ${after.size} bytes at ${iso(after)}`);
  }
  return {
    path: file.relative,
    size,
    mtime: iso(file.stat),
    sha256: hashes.sha256.digest('hex'),
    sha1: hashes.sha1.digest('hex'),
    md5: hashes.md5.digest('hex'),
    blob: at.blob,
  };
}

/** Reads until the buffer is full or the file ends. */
async function readFull(handle: fs.FileHandle, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

const iso = (stat: BigIntStats) => new Date(Number(stat.mtimeNs / 1_000_000n)).toISOString();

function changed(file: SourceFile, how: string): CasebookError {
  return new CasebookError(
    'conflict',
    `${file.absolute}: the file changed while it was ingested (${how}); nothing was added — ingest it again once it is still`,
  );
}
