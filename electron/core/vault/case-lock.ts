import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** True when a process with this pid exists on this machine. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's owner; 'missing' when there is no lock file, 'unreadable' when it has no owner in it (empty or damaged). */
async function readLock(file: string, diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    // A lock that exists but cannot be read (permissions, I/O) is treated as ownerless; why goes to the log.
    diagnostics.record('case-lock.read', err);
    return 'unreadable';
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * What a lock file says without taking it: 'none' (no file), 'unknown' (empty or
 * unreadable: a crash, or a writer between creating and filling it), 'stale'
 * (its process on this machine is gone) or 'held' (alive, or on another machine).
 */
export async function lockState(file: string): Promise<'none' | 'unknown' | 'stale' | 'held'> {
  const owner = await readLock(file);
  if (owner === 'missing') return 'none';
  if (owner === 'unreadable') return 'unknown';
  return owner.host === os.hostname() && !processAlive(owner.pid) ? 'stale' : 'held';
}

/**
 * One writer per case across processes (the app, the CLI, a second app on a shared drive).
 * The lock is a file created exclusively, with its owner already in it; a lock
 * left by a dead process on this machine is stale and taken over. A lock from
 * another machine cannot be checked, so it is reported with its host and pid
 * for the user to decide.
 */
export class CaseLock {
  private constructor(
    readonly file: string,
    private released = false,
  ) {}

  static async acquire(file: string, caseLabel: string, diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<CaseLock> {
    const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 40; attempt++) {
      if (await createLock(file, me)) {
        await sweepTemporaries(file, diagnostics);
        return new CaseLock(file);
      }
      const owner = await readLock(file, diagnostics);
      // Released in the meantime: try again.
      if (owner === 'missing') continue;
      if (owner !== 'unreadable' && owner.host === me.host && owner.pid === me.pid) {
        throw new CasebookError('case-locked', `case ${caseLabel} is already open in this process`);
      }
      const stale = owner === 'unreadable' ? await isOld(file) : owner.host === me.host && !processAlive(owner.pid);
      if (!stale) {
        const who = owner !== 'unreadable' ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : 'another process';
        throw new CasebookError('case-locked', `case ${caseLabel} is open in ${who}; close it there first (lock file: ${file})`);
      }
      // Stale: the process that held it is gone. Remove it (if it is still that one) and try again.
      await takeOver(file, owner === 'unreadable' ? null : owner, diagnostics);
    }
    throw new CasebookError('case-locked', `case ${caseLabel}: could not take the lock ${file}`);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await fs.rm(this.file, { force: true });
  }
}

/**
 * Creates the lock file with its owner in it, in one step: a finished, synced
 * temporary file is hard-linked to the lock's name, which fails if the lock
 * exists. So no other process ever sees an empty lock. False when it exists.
 */
async function createLock(file: string, me: LockOwner): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeOwner(temp, me);
  try {
    await fs.link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // No hard links here (FAT and exFAT drives report this in several ways): create, then fill.
    return createInPlace(file, me);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function writeOwner(file: string, me: LockOwner): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(me));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Where hard links are not available: exclusive create, then the owner written in (briefly empty). */
async function createInPlace(file: string, me: LockOwner): Promise<boolean> {
  try {
    await writeOwner(file, me);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Removes temporary lock files that processes killed while creating a lock left behind. */
async function sweepTemporaries(file: string, diagnostics: Diagnostics): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of await fs.readdir(dir).catch(diagnostics.swallow('case-lock.sweep-list', {}, { fallback: [] as string[], expected: ['ENOENT'] }))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) await fs.rm(path.join(dir, name), { force: true });
  }
}

/** How long a takeover may take before another process may assume its taker died. */
const TAKEOVER_TIMEOUT_MS = 10_000;

/**
 * Removes a stale lock, one process at a time. Two processes that both found
 * the same stale lock must not both remove "it": the second would remove the
 * fresh lock the first just created, and both would write. So removals are
 * serialized by a directory created exclusively beside the lock, and the
 * lock is removed only if it is still the one judged stale.
 */
export async function takeOver(file: string, judged: LockOwner | null, diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<void> {
  const mutex = `${file}.takeover`;
  try {
    await fs.mkdir(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another process is taking it over; a takeover left by a crash is cleared after a while.
    const stat = await fs.stat(mutex).catch(diagnostics.swallow('case-lock.takeover-stat', {}, { fallback: null, expected: ['ENOENT'] }));
    if (stat && Date.now() - stat.mtimeMs > TAKEOVER_TIMEOUT_MS)
      await fs.rmdir(mutex).catch(diagnostics.swallow('case-lock.takeover-clear', {}, { expected: ['ENOENT'] }));
    await new Promise((resolve) => setTimeout(resolve, 25));
    return;
  }
  try {
    // Checked again under the mutex. Only another taker could remove the lock between this check and
    // the removal, and takers wait for the mutex; a lock that is missing now is left alone (a new one may
    // be created at any moment, without the mutex).
    const now = await readLock(file, diagnostics);
    const same = judged
      ? typeof now === 'object' && now.pid === judged.pid && now.host === judged.host && now.since === judged.since
      : now === 'unreadable' && (await isOld(file));
    if (same) await fs.rm(file, { force: true });
  } finally {
    await fs.rmdir(mutex).catch(diagnostics.swallow('case-lock.takeover-release', {}, { expected: ['ENOENT'] }));
  }
}

/**
 * A lock file without a readable owner is a crash between creating and filling
 * it (where locks cannot be hard-linked); after a few seconds it is stale.
 */
async function isOld(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  return stat !== null && Date.now() - stat.mtimeMs > 5_000;
}
