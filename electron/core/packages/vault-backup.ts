import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import type { VaultBackupResult } from '../../../shared/domain/packages';
import { CasebookError } from '../../../shared/ipc/errors';
import { ageEncryptor, type AgeKeys, type AgeRecipients } from './age/age';
import { parseSums, SUMS_FILE, sumsText, unsafeName } from './package-format';
import { readPackage } from './package-reader';
import { settledElsewhere } from '../diagnostics/diagnostics';

/**
 * The whole vault as one age-encrypted tar: its files as they are on disk
 * (already sealed with the vault's keys), then SHA256SUMS. Files are streamed
 * from disk into the tar, so memory stays flat. Order matters for a vault in
 * use: vault.json and the manifest first, then each case's key, head and
 * journal before its runs; a journal copied after its manifest entry can only
 * be longer than the entry, which the vault accepts, and every run a copied
 * journal names was written before the journal's record of it.
 * Left out: lock files, cases being staged, a key rotation in progress.
 */

const SKIP = (name: string) =>
  name.endsWith('.lock') || name === 'manifest.lock' || /^\.[^/]*\.new$/.test(name) || name.startsWith('.rotation-') || name.startsWith('.publish');
/** Bytes of one file between two progress reports. */
const PROGRESS_STEP = 8 * 1024 * 1024;
const FIRST = ['vault.json', 'manifest.cbm', 'key.json', 'journal.head', 'journal.cbj'];

async function vaultFiles(root: string, rel = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    if (SKIP(e.name)) continue;
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await vaultFiles(root, name)));
    else if (e.isFile()) out.push(name);
  }
  return out;
}

function rank(name: string): number {
  const i = FIRST.indexOf(name);
  return i < 0 ? FIRST.length : i;
}

/** Following a backup: bytes of vault files written of those there were, and files done; the signal stops it (no file is left). */
export interface BackupTask {
  signal?: AbortSignal;
  progress?: (p: { bytes: number; totalBytes: number; files: number; totalFiles: number }) => void;
}

export async function backupVault(vaultDir: string, out: string, to: AgeRecipients, task: BackupTask = {}): Promise<VaultBackupResult> {
  if (path.resolve(out).startsWith(path.resolve(vaultDir) + path.sep))
    throw new CasebookError('invalid-input', 'the backup cannot be written inside the vault folder');
  const files = await vaultFiles(vaultDir);
  const pack = tar.pack();
  const temp = `${out}.${randomBytes(6).toString('hex')}.partial`;
  const outer = createHash('sha256');
  let bytes = 0;
  const counter = new PassThrough().on('data', (b: Buffer) => {
    outer.update(b);
    bytes += b.length;
  });
  const done = pipeline(pack as unknown as NodeJS.ReadableStream, await ageEncryptor(to), counter, createWriteStream(temp, { mode: 0o600 }));
  // Awaited at the end (or below, on a failure); kept from being unhandled meanwhile.
  done.catch(settledElsewhere);
  try {
    const sums: { name: string; sha256: string }[] = [];
    const totalBytes = await sizeOf(vaultDir, files);
    let written = 0;
    const tell = (bytes: number) => task.progress?.({ bytes, totalBytes: Math.max(totalBytes, bytes), files: sums.length, totalFiles: files.length });
    for (const name of files) {
      task.signal?.throwIfAborted();
      const added = await addFile(pack, vaultDir, name, task.signal, (inFile) => tell(written + inFile));
      sums.push({ name, sha256: added.sha256 });
      written += added.size;
      tell(written);
    }
    await new Promise<void>((resolve, reject) => pack.entry({ name: SUMS_FILE, type: 'file' }, sumsText(sums), (e) => (e ? reject(e) : resolve())));
    pack.finalize();
    await done;
    await fs.rename(temp, out);
    return { file: out, bytes, sha256: outer.digest('hex'), files: files.length };
  } catch (err) {
    pack.destroy();
    await done.catch(settledElsewhere);
    await fs.rm(temp, { force: true });
    throw err;
  }
}

async function sizeOf(root: string, files: readonly string[]): Promise<number> {
  let total = 0;
  for (const name of files) total += (await fs.stat(path.join(root, name)).catch(() => ({ size: 0 }))).size;
  return total;
}

/** Streams one file into the tar (its size taken from an open handle, so it cannot change under the header); its SHA-256 and size. */
async function addFile(
  pack: tar.Pack,
  root: string,
  name: string,
  signal?: AbortSignal,
  progress?: (bytes: number) => void,
): Promise<{ sha256: string; size: number }> {
  const handle = await fs.open(path.join(root, name), 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256');
    let done = 0;
    let told = 0;
    const sink = pack.entry({ name, size, type: 'file', mode: 0o600 });
    const source = handle.createReadStream({ start: 0, end: size - 1, autoClose: false });
    if (size > 0)
      await pipeline(
        source,
        new PassThrough().on('data', (b: Buffer) => {
          hash.update(b);
          done += b.length;
          // A large file (a timeline run) is told in steps, not only when whole.
          if (progress && done - told >= PROGRESS_STEP) progress((told = done));
        }),
        sink as unknown as NodeJS.WritableStream,
        { signal },
      );
    else sink.end(Buffer.alloc(0));
    return { sha256: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

/**
 * Restores a backup into an empty (or absent) folder: the whole backup is
 * read and checked against its SHA256SUMS first, then read again and written;
 * a failure while writing removes what was written.
 */
export async function restoreVault(file: string, keys: AgeKeys, dir: string): Promise<VaultBackupResult> {
  const existing = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  // The folder's name, not its path: the window is never told paths (it chose the folder through a token).
  if (existing.length)
    throw new CasebookError(
      'invalid-input',
      `${path.basename(dir)} is not empty: a vault is restored into an empty folder only (choose an empty or a new one); nothing was written`,
    );
  const hashes = new Map<string, string>();
  let sums: Map<string, string> | null = null;
  await readPackage(file, keys, async (entry, body) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    for await (const b of body) {
      hash.update(b);
      if (entry.name === SUMS_FILE) chunks.push(b);
    }
    if (entry.name === SUMS_FILE) sums = parseSums(Buffer.concat(chunks).toString('utf8'));
    else hashes.set(entry.name, hash.digest('hex'));
  });
  const listed = sums as Map<string, string> | null;
  if (!listed) throw new CasebookError('corrupt', `the backup has no ${SUMS_FILE}`);
  for (const [name, sha] of hashes)
    if (listed.get(name) !== sha) throw new CasebookError('corrupt', `backup file ${name} does not match its SHA-256 in ${SUMS_FILE}`);
  if (listed.size !== hashes.size) throw new CasebookError('corrupt', `${SUMS_FILE} lists ${listed.size} files, the backup holds ${hashes.size}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await readPackage(file, keys, async (entry, body) => {
      if (entry.name === SUMS_FILE) {
        for await (const _ of body);
        return;
      }
      if (unsafeName(entry.name)) throw new CasebookError('corrupt', `backup entry "${entry.name}" is not a plain relative name`);
      const target = path.join(dir, entry.name);
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await pipeline(body as unknown as NodeJS.ReadableStream, createWriteStream(target, { mode: 0o600, flags: 'wx' }));
    });
  } catch (err) {
    for (const name of await fs.readdir(dir)) await fs.rm(path.join(dir, name), { recursive: true, force: true });
    throw err;
  }
  const stat = await fs.stat(file);
  return { file, bytes: stat.size, sha256: await fileSha256(file), files: hashes.size };
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const b of createReadStream(file)) hash.update(b as Buffer);
  return hash.digest('hex');
}
