import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE } from '../vault/case-journal';
import { takeOver, type LockOwner } from '../vault/case-lock';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';

/**
 * Removes the case writer locks this process holds in a vault, for a fresh
 * engine thread whose predecessor died (engine-host.ts). A lock names its
 * process, not its thread: those the dead thread held would otherwise say
 * "already open in this process" to every later open of their cases (the
 * case an import was writing into, the cases it was staging) until the app
 * restarted. In the host's process only the engine thread takes locks, and
 * the fresh thread has taken none yet, so every lock of this pid is the dead
 * thread's. Returns the lock files removed.
 */
export async function releaseDeadEngineLocks(vaultDir: string, diagnostics: Diagnostics = NO_DIAGNOSTICS): Promise<string[]> {
  const casesDir = path.join(vaultDir, 'cases');
  const removed: string[] = [];
  // Published cases and staged ones (.<id>.new) alike.
  for (const name of await fs.readdir(casesDir).catch(diagnostics.swallow('engine.dead-locks-list', {}, { fallback: [] as string[], expected: ['ENOENT'] }))) {
    const file = path.join(casesDir, name, LOCK_FILE);
    const owner = await readOwner(file);
    if (owner?.pid !== process.pid || owner.host !== os.hostname()) continue;
    await takeOver(file, owner, diagnostics);
    removed.push(file);
  }
  return removed;
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.since === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}
