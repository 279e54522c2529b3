import type { VaultStatus } from '../../../shared/domain/vault';
import type { EventPayload } from '../../../shared/ipc/contract';
import { api } from '../../shared/api';
import { loadCaseList, wipeReadModel } from '../../shared/readModel';
import { useUi } from '../../shared/store';

/**
 * The vault session as the renderer sees it: unlocking fills the read model,
 * locking empties it. Keys never come here; the engine keeps them.
 */

let locking: Promise<void> | null = null;

/** Why the session ended: by hand, after idle time, or the engine's thread died and took the keys with it. */
export type LockReason = EventPayload<'vault.locked'>['reason'];

function lockNotice(reason: LockReason): string | null {
  if (reason === 'engine-crashed') {
    return 'The engine stopped unexpectedly (an import may have needed more memory than it is allowed) and was restarted, so the vault was locked; an import that was running was not committed.';
  }
  if (reason !== 'idle') return null;
  const minutes = useUi.getState().vault?.autoLockMinutes ?? 0;
  return `Locked after ${minutes} minute${minutes === 1 ? '' : 's'} without activity.`;
}

/**
 * Locks the engine (unless it told us it already is), forgets all UI state and
 * deletes the Dexie database. Safe to call several times at once: the lock
 * button, the idle timer and the engine's vault.locked event may all race.
 */
export function lockVault(reason: LockReason, engineAlreadyLocked = false): Promise<void> {
  if (locking) return locking;
  const before = useUi.getState().vault;
  if (!before || before.state !== 'unlocked') return Promise.resolve();

  locking = (async () => {
    let status: VaultStatus = before;
    if (!engineAlreadyLocked) {
      try {
        // Only the engine host reports a crash; asking the engine to lock, it is a lock by hand.
        status = await api.vault.lock({ reason: reason === 'engine-crashed' ? 'user' : reason });
      } catch {
        // Already locked in the engine (another window, the engine's own timer): still wipe here.
      }
    }
    const notice = lockNotice(reason);
    // Unmount every view first, so no live query reopens the database we are about to delete.
    useUi.getState().reset({ ...status, state: 'locked' }, notice);
    await wipeReadModel();
  })().finally(() => {
    locking = null;
  });
  return locking;
}

async function enter(status: VaultStatus): Promise<void> {
  await loadCaseList();
  useUi.getState().setVault(status);
}

export async function unlockVault(passphrase: string): Promise<void> {
  // A wipe still running must finish before the new session's records come in.
  await locking;
  await enter(await api.vault.unlock({ passphrase }));
}

export async function createVault(passphrase: string): Promise<void> {
  let status = await api.vault.create({ passphrase });
  if (status.state !== 'unlocked') status = await api.vault.unlock({ passphrase });
  await enter(status);
}

/** Asks the engine where the vault stands (on start); an unlocked engine (a reloaded window) refills the read model. */
export async function refreshVaultStatus(): Promise<void> {
  const status = await api.vault.status({});
  if (status.state === 'unlocked') await enter(status);
  else useUi.getState().setVault(status);
}
