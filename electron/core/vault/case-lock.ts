import { promises as fs } from 'node:fs';
import os from 'node:os';
import { CasebookError } from '../../../shared/ipc/errors';

interface LockOwner {
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

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/**
 * What a lock file says without taking it: 'none' (no file), 'unknown' (empty or
 * unreadable: a crash, or a writer between creating and filling it), 'stale'
 * (its process on this machine is gone) or 'held' (alive, or on another machine).
 */
export async function lockState(file: string): Promise<'none' | 'unknown' | 'stale' | 'held'> {
  try {
    await fs.access(file);
  } catch {
    return 'none';
  }
  const owner = await readOwner(file);
  if (!owner) return 'unknown';
  return owner.host === os.hostname() && !processAlive(owner.pid) ? 'stale' : 'held';
}

/**
 * One writer per case across processes (the app, the CLI, a second app on a shared drive).
 * The lock is a file created exclusively; a lock left by a dead process on this
 * machine is stale and taken over. A lock from another machine cannot be checked,
 * so it is reported with its host and pid for the user to decide.
 */
export class CaseLock {
  private constructor(
    readonly file: string,
    private released = false,
  ) {}

  static async acquire(file: string, caseLabel: string): Promise<CaseLock> {
    const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await fs.open(file, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify(me));
          await handle.sync();
        } finally {
          await handle.close();
        }
        return new CaseLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = await readOwner(file);
      if (owner && owner.host === me.host && owner.pid === me.pid) {
        throw new CasebookError('case-locked', `case ${caseLabel} is already open in this process`);
      }
      const stale = owner === null ? await lockIsOldAndEmpty(file) : owner.host === me.host && !processAlive(owner.pid);
      if (!stale) {
        const who = owner ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : 'another process';
        throw new CasebookError(
          'case-locked',
          `case ${caseLabel} is open in ${who}; close it there first (lock file: ${file})`,
        );
      }
      // Stale: the process that held it is gone. Remove and try again.
      await fs.rm(file, { force: true });
    }
    throw new CasebookError('case-locked', `case ${caseLabel}: could not take the lock ${file}`);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await fs.rm(this.file, { force: true });
  }
}

/** A lock file without a readable owner is a crash between create and write; after a few seconds it is stale. */
async function lockIsOldAndEmpty(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    return Date.now() - stat.mtimeMs > 5_000;
  } catch {
    return true;
  }
}
