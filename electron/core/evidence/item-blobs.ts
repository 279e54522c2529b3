import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EvidenceFile, EvidenceItem } from '../../../shared/domain/evidence';
import { CasebookError } from '../../../shared/ipc/errors';
import { fsyncDir } from '../fs/atomic-write';
import { itemDir, readBlob } from './blob-store';

/**
 * Reading an ingested item back out of the blob store: its files' hashes
 * recomputed (re-verify), or its files written decrypted to a chosen place
 * (export), checked against the recorded hashes as they are written.
 */

export interface BlobRead {
  caseDir: string;
  item: EvidenceItem;
  key: Buffer;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Reads one file's blob, handing each plaintext chunk to `sink`; returns what differs from the record, if anything. */
async function readFile(read: BlobRead, file: EvidenceFile, sink: (chunk: Buffer) => Promise<void> | void, done: () => number): Promise<string | null> {
  const at = { caseId: read.item.caseId, itemId: read.item.id, blob: file.blob };
  const hashes = { sha256: createHash('sha256'), sha1: createHash('sha1'), md5: createHash('md5') };
  const total = read.item.size ?? 0;
  let size = 0;
  try {
    for await (const chunk of readBlob(path.join(itemDir(read.caseDir, read.item.id), file.blob), read.key, at, file.size, read.signal)) {
      for (const h of Object.values(hashes)) h.update(chunk);
      size += chunk.length;
      await sink(chunk);
      read.onProgress?.(done() + size, total);
    }
  } catch (err) {
    if (err instanceof CasebookError && err.code === 'corrupt') return `${file.path}: ${err.message}`;
    throw err;
  }
  const differs = (['sha256', 'sha1', 'md5'] as const).filter((alg) => hashes[alg].digest('hex') !== file[alg]);
  return differs.length ? `${file.path}: ${differs.join(', ')} differ from the recorded hashes` : null;
}

/** Every file's hashes recomputed from its blob: the problems found (none on a match). */
export async function verifyBlobs(read: BlobRead): Promise<string[]> {
  const problems: string[] = [];
  let done = 0;
  for (const file of read.item.files) {
    const problem = await readFile(
      read,
      file,
      () => undefined,
      () => done,
    );
    if (problem) problems.push(problem);
    done += file.size;
  }
  return problems;
}

/**
 * Writes the item decrypted to `dest` (a file for a single file, a folder for a
 * folder item), which must not exist: first into a temporary sibling, synced,
 * then renamed into place. A blob that fails its check stops the export and
 * leaves nothing.
 */
export async function exportBlobs(read: BlobRead, dest: string, folder: boolean): Promise<void> {
  if (
    await fs.lstat(dest).then(
      () => true,
      () => false,
    )
  )
    throw new CasebookError('conflict', `${dest} already exists; export to a new path`);
  const parent = path.dirname(dest);
  const tmp = path.join(parent, `.${path.basename(dest)}.${randomBytes(6).toString('hex')}.export`);
  try {
    if (folder) await fs.mkdir(tmp, { mode: 0o700 });
    let done = 0;
    for (const file of read.item.files) {
      const target = folder ? path.join(tmp, ...file.path.split('/')) : tmp;
      if (folder && !path.resolve(target).startsWith(path.resolve(tmp) + path.sep))
        throw new CasebookError('corrupt', `${file.path}: not a path inside the item`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const handle = await fs.open(target, 'wx', 0o600);
      try {
        const problem = await readFile(
          read,
          file,
          (chunk) => handle.write(chunk).then(() => undefined),
          () => done,
        );
        if (problem) throw new CasebookError('corrupt', `evidence "${read.item.title}" (${read.item.id}) was not exported: ${problem}`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      done += file.size;
    }
    await fs.rename(tmp, dest);
    await fsyncDir(parent);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !(err instanceof CasebookError)) {
      throw new CasebookError('invalid-input', `${parent}: no such folder to export into`);
    }
    throw err;
  }
}
