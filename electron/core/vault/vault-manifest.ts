import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { open as openSealed, seal } from './aead';
import { writeFileAtomic } from '../fs/atomic-write';
import { CaseLock } from './case-lock';
import { KeyedMutex } from '../keyed-mutex';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';

/**
 * The vault manifest (`manifest.cbm`, sealed with the vault key): every case
 * of the vault with its journal's record count and the tag of its last record
 * when the manifest was last told of it.
 *
 * A case's own journal.head is kept beside its journal, so whoever can put an
 * older journal back can put (or delete) its head along with it. The manifest
 * is one file for the whole vault, sealed with a key no case holds: a journal
 * shorter than its entry, or whose record at the entry's count is another one,
 * has been rolled back or replaced, and a case folder that is gone while its
 * entry is not has been deleted. It cannot see the whole vault, manifest
 * included, put back to an older copy: that needs something kept outside it.
 *
 * It is one file rather than an entry per case because a set of separate
 * entries cannot show that one of them was deleted together with its case.
 * So every update is a read-modify-write under a vault-level lock
 * (`manifest.lock`, across processes, plus a mutex within this one), and an
 * update only moves an entry forward, never back.
 *
 * The journal is written (and synced) first, the manifest after: a crash in
 * between leaves a journal longer than its entry, which is allowed; a journal
 * shorter than its entry never comes from a crash.
 */
export const MANIFEST_FILE = 'manifest.cbm';
export const MANIFEST_LOCK = 'manifest.lock';

export interface ManifestEntry {
  /** Records the journal held. */
  records: number;
  /** Hex tag of record `records`. */
  head: string;
  /** When this entry was written. */
  at: string;
}

export interface Manifest {
  vaultId: string;
  /** Goes up by one at every write: which copy of the manifest this is. */
  generation: number;
  /** When the manifest began; `adopted` when it started from a vault that had none (an earlier Casebook's). */
  startedAt: string;
  adopted: boolean;
  updatedAt: string;
  cases: Record<string, ManifestEntry>;
  /** States accepted by hand despite the manifest (manifest-accept.ts), oldest first; never removed. */
  accepted?: { caseId: string | null; at: string; actor: string; what: string }[];
}

const aad = (vaultId: string) => Buffer.from(`casebook/manifest/v1\0${vaultId}`, 'utf8');

export function sealManifest(key: Buffer, manifest: Manifest): Buffer {
  return seal(key, Buffer.from(JSON.stringify(manifest), 'utf8'), aad(manifest.vaultId));
}

export function openManifest(key: Buffer, vaultId: string, sealed: Buffer): Manifest | 'damaged' {
  const plain = openSealed(key, sealed, aad(vaultId));
  if (!plain) return 'damaged';
  try {
    const m = JSON.parse(plain.toString('utf8')) as Manifest;
    const entriesOk =
      typeof m.cases === 'object' &&
      m.cases !== null &&
      Object.values(m.cases).every((e) => Number.isSafeInteger(e.records) && e.records >= 1 && typeof e.head === 'string');
    return m.vaultId === vaultId && Number.isSafeInteger(m.generation) && entriesOk ? m : 'damaged';
  } catch {
    return 'damaged';
  }
}

export function emptyManifest(vaultId: string, adopted: boolean): Manifest {
  const now = new Date().toISOString();
  return { vaultId, generation: 0, startedAt: now, adopted, updatedAt: now, cases: {} };
}

const WAY_OUT = ' (put the right copy back, or, having examined it, accept this state on the record: casebook vault accept CASE-ID)';

/** What is wrong with a journal of these record tags given the case's manifest entry; null when nothing. */
export function manifestProblem(entry: ManifestEntry | undefined, tags: readonly Buffer[]): string | null {
  if (!entry) return null;
  if (tags.length < entry.records) {
    return (
      `ROLLED BACK: the vault manifest recorded ${entry.records} records for this case (${entry.at}) but its journal holds ${tags.length}: ` +
      `an older copy of the case was put back or records were cut off its end${WAY_OUT}`
    );
  }
  if (tags[entry.records - 1]!.toString('hex') !== entry.head) {
    return `REPLACED: record ${entry.records} is not the one the vault manifest recorded (${entry.at}): the journal was swapped for another history${WAY_OUT}`;
  }
  return null;
}

const inProcess = new KeyedMutex();
const LOCK_WAIT_MS = 15_000;

/**
 * Runs fn holding the vault's manifest lock: one holder per process (the
 * mutex) and across processes (the lock file; held for milliseconds, so a
 * busy lock is waited for, and one left by a dead process is taken over).
 */
/** How a case the manifest lists, whose folder is gone, is reported. */
export function deletedMessage(caseId: string, records: number, at: string): string {
  return `DELETED: case ${caseId} is in the vault manifest (${records} records, ${at}) but its folder is gone: it was deleted or moved away`;
}

export function withManifestLock<T>(vaultDir: string, fn: () => Promise<T>): Promise<T> {
  return inProcess.run(path.resolve(vaultDir), async () => {
    const file = path.join(vaultDir, MANIFEST_LOCK);
    const deadline = Date.now() + LOCK_WAIT_MS;
    let lock: CaseLock | null = null;
    while (!lock) {
      try {
        lock = await CaseLock.acquire(file, 'vault manifest');
      } catch (err) {
        if (!(err instanceof CasebookError && err.code === 'case-locked') || Date.now() > deadline) {
          throw new CasebookError('case-locked', `the vault manifest is busy (${(err as Error).message})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 30));
      }
    }
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  });
}

export type ManifestRead = Manifest | 'missing' | 'damaged';

/**
 * Reads and caches the manifest. The cache is keyed by the file's inode,
 * size and time: every write is a rename of a new file, so another process's
 * write is never mistaken for the cached copy.
 */
export class ManifestFile {
  private cached: { stamp: string; value: ManifestRead } | null = null;

  constructor(
    readonly vaultDir: string,
    readonly vaultId: string,
    private key: () => Buffer,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {}

  get file(): string {
    return path.join(this.vaultDir, MANIFEST_FILE);
  }

  async read(): Promise<ManifestRead> {
    const stat = await fs.stat(this.file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!stat) return 'missing';
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    if (this.cached?.stamp === stamp) return this.cached.value;
    // Gone since the stat (another process renamed a new copy in): read as missing, and recorded.
    const bytes = await fs.readFile(this.file).catch(this.diagnostics.swallow('vault.manifest-read', {}, { fallback: null }));
    const value = bytes ? openManifest(this.key(), this.vaultId, bytes) : 'missing';
    this.cached = { stamp, value };
    return value;
  }

  /** Writes a new copy (temp file, fsync, rename, fsync folder); call it holding the manifest lock. */
  async write(manifest: Manifest, key: Buffer = this.key()): Promise<Manifest> {
    const next = { ...manifest, generation: manifest.generation + 1, updatedAt: new Date().toISOString() };
    await writeFileAtomic(this.file, sealManifest(key, next));
    this.cached = null;
    return next;
  }
}

/** The message for a case when the manifest itself cannot be used. */
export function unusableManifest(read: 'missing' | 'damaged'): string {
  return read === 'missing'
    ? `the vault manifest (${MANIFEST_FILE}) is missing, although this vault keeps one: it was deleted, so no case of this vault can be checked against it`
    : `the vault manifest (${MANIFEST_FILE}) failed authentication (damaged, replaced, or from another vault)`;
}
