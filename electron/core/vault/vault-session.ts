import os from 'node:os';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { VaultStatus } from '../../../shared/domain/vault';
import { CasebookError } from '../../../shared/ipc/errors';
import type { EmitEvent } from '../engine-events';
import { Vault } from './vault';
import { verifyVault } from './vault-verify';
import { rotateKeys } from './key-rotation';
import { acceptState } from './manifest-accept';

export interface VaultSessionOptions {
  vaultDir: string;
  /** Overrides who is written into the journal as the actor (else the vault setting, else the OS user). */
  actor?: string;
  /** Test-only: cheaper key derivation for new vaults. */
  kdf?: { N: number };
}

/** What the session needs from the rest of the engine; the composition root (engine.ts) wires it. */
export interface VaultSessionHooks {
  /** Closes every case held open, releasing its writer lock (before a lock or a key rotation). */
  releaseCases(): Promise<void>;
  /** Stops running work (imports) before the keys are wiped. */
  abortWork(): void;
  /** Why key rotation must wait now (an import runs), or null. */
  busyReason(): string | null;
  /** Runs fn while no other command uses the case (the case registry's mutex). */
  exclusive<T>(caseId: string, fn: () => Promise<T>): Promise<T>;
}

type VaultMethods =
  | 'vault.status'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.verify'
  | 'vault.acceptState'
  | 'vault.rotateKeys'
  | 'vault.lock'
  | 'vault.changePassphrase'
  | 'vault.settings'
  | 'mappings.list'
  | 'mappings.save'
  | 'mappings.delete';

function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The vault session: the unlocked vault (its keys) from create or unlock to
 * lock, who the actor is, and the vault-wide commands (settings, saved column
 * mappings, verification, key rotation, accepting a refused state).
 */
export class VaultSession {
  private vault: Vault | null = null;
  readonly handlers: Pick<Handlers, VaultMethods>;

  constructor(
    private readonly options: VaultSessionOptions,
    private readonly hooks: VaultSessionHooks,
    private readonly emit: EmitEvent,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {
    this.handlers = {
      'vault.status': () => this.status(),
      'vault.create': async ({ passphrase }) => {
        if (this.vault) throw new CasebookError('vault-exists', `the vault in ${this.options.vaultDir} is already open`);
        this.vault = await Vault.create(this.options.vaultDir, passphrase, { kdfN: this.options.kdf?.N, diagnostics: this.diagnostics });
        return this.status();
      },
      'vault.unlock': async ({ passphrase }) => {
        if (this.vault) return this.status();
        this.vault = await Vault.unlock(this.options.vaultDir, passphrase, { diagnostics: this.diagnostics });
        // Leftovers of a crashed import are swept on the next unlock; failing to sweep must not lock the user out.
        await this.vault.sweepStaged().catch(this.diagnostics.swallow('engine.sweep-staged'));
        // What the unlock did to the manifest is said by this answer only.
        return { ...(await this.status()), notices: this.vault.notices.splice(0) };
      },
      'vault.verify': () => verifyVault(this.unlocked()),
      // A refused case is never among this engine's open ones; the case's mutex keeps other commands on it waiting.
      'vault.acceptState': async ({ caseId }) => {
        const vault = this.unlocked();
        const accept = async () => ({ accepted: await acceptState(vault, caseId ?? null, this.actor()) });
        return caseId ? this.hooks.exclusive(caseId, accept) : accept();
      },
      'vault.rotateKeys': async ({ passphrase, next }) => {
        const vault = this.unlocked();
        const busy = this.hooks.busyReason();
        if (busy) throw new CasebookError('conflict', `${busy}; let it finish or cancel it before rotating the keys`);
        // Rotation takes every case's writer lock, this engine's open cases' too.
        await this.hooks.releaseCases();
        return rotateKeys(vault, { passphrase, next, actor: this.actor() });
      },
      'vault.lock': async ({ reason }) => {
        await this.lock(reason);
        return this.status();
      },
      'vault.changePassphrase': async ({ current, next }) => {
        await this.unlocked().changePassphrase(current, next);
        return this.status();
      },
      'vault.settings': async (patch) => {
        await this.unlocked().saveSettings(patch);
        return this.status();
      },
      'mappings.list': async () => this.unlocked().settings.mappings,
      'mappings.save': async ({ name, mapping }) => {
        const vault = this.unlocked();
        return (await vault.saveSettings({ mappings: { ...vault.settings.mappings, [name]: mapping } })).mappings;
      },
      'mappings.delete': async ({ name }) => {
        const vault = this.unlocked();
        const { [name]: _removed, ...rest } = vault.settings.mappings;
        return (await vault.saveSettings({ mappings: rest })).mappings;
      },
    };
  }

  isUnlocked(): boolean {
    return this.vault !== null;
  }

  /** The unlocked vault; throws vault-locked otherwise. */
  unlocked(): Vault {
    if (!this.vault) throw new CasebookError('vault-locked', 'the vault is locked; unlock it first');
    return this.vault;
  }

  /** Who is written into the journal as the actor. */
  actor(): string {
    return this.options.actor ?? this.vault?.settings.actor ?? osUser();
  }

  private async status(): Promise<VaultStatus> {
    const dir = this.options.vaultDir;
    if (this.vault) {
      const settings = this.vault.settings;
      return { state: 'unlocked', dir, autoLockMinutes: settings.autoLockMinutes, actor: this.actor(), twoPersonRule: settings.twoPersonRule };
    }
    return { state: (await Vault.exists(dir)) ? 'locked' : 'missing', dir, autoLockMinutes: 0, actor: '', twoPersonRule: false };
  }

  /** Stops running work and releases every case lock, then wipes the keys. */
  async lock(reason: 'user' | 'idle' = 'user'): Promise<void> {
    this.hooks.abortWork();
    await this.hooks.releaseCases();
    const vault = this.vault;
    this.vault = null;
    if (vault) {
      vault.lock();
      this.emit('vault.locked', { reason });
    }
  }
}
