import os from 'node:os';
import type { EventName, EventPayload, ChangeSet } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/dispatch';
import type { VaultStatus } from '../../shared/domain/vault';
import type { CaseRecord } from '../../shared/domain/case';
import { CasebookError } from '../../shared/ipc/errors';
import { Vault } from './vault/vault';
import type { CaseJournal } from './vault/case-journal';
import { CASE_CREATED, CASE_UPDATED, diffPatch, initialFields, replayCase, toAuditEntry } from './cases/case-model';

export interface EngineOptions {
  vaultDir: string;
  /** Overrides who is written into the journal as the actor (else the vault setting, else the OS user). */
  actor?: string;
  /** Test-only: cheaper key derivation for new vaults. */
  kdf?: { N: number };
}

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The engine: plain Node, no Electron. It owns the unlocked vault and the cases
 * open for writing, and implements every method of the IPC contract. The shell
 * runs it in a worker; the CLI and the tests call it directly.
 */
export class Engine {
  private vault: Vault | null = null;
  /** Cases open in a workspace: their writer lock is held until close or lock. */
  private readonly open = new Map<string, CaseJournal>();
  readonly handlers: Handlers;

  constructor(
    private readonly options: EngineOptions,
    private readonly emit: EmitEvent = () => undefined,
  ) {
    this.handlers = {
      'vault.status': () => this.status(),
      'vault.create': async ({ passphrase }) => {
        if (this.vault) throw new CasebookError('vault-exists', `the vault in ${this.options.vaultDir} is already open`);
        this.vault = await Vault.create(this.options.vaultDir, passphrase, { kdfN: this.options.kdf?.N });
        return this.status();
      },
      'vault.unlock': async ({ passphrase }) => {
        if (!this.vault) this.vault = await Vault.unlock(this.options.vaultDir, passphrase);
        return this.status();
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
      'cases.list': () => this.listCases(),
      'cases.create': async (input) => {
        const fields = initialFields(input);
        const journal = await this.unlocked().createCase();
        try {
          const { record, tag } = await journal.append({ at: now(), actor: this.actor(), type: CASE_CREATED, data: { fields } });
          return { cases: [replayCase(journal.caseId, journal.records)], audit: [toAuditEntry(journal.caseId, record, tag)] };
        } finally {
          await journal.close();
        }
      },
      'cases.open': async ({ id }) => {
        let journal = this.open.get(id);
        if (!journal) {
          journal = await this.unlocked().openCase(id, 'write');
          this.open.set(id, journal);
        }
        return {
          case: replayCase(id, journal.records),
          audit: journal.records.map((r) => toAuditEntry(id, r, journal.tagAt(r.seq))),
          verification: journal.opened,
        };
      },
      'cases.close': async ({ id }) => {
        const journal = this.open.get(id);
        this.open.delete(id);
        await journal?.close();
        return { closed: journal !== undefined };
      },
      'cases.update': ({ id, patch, expectedVersion }) =>
        this.withWritable(id, async (journal): Promise<ChangeSet> => {
          const current = replayCase(id, journal.records);
          if (expectedVersion !== undefined && expectedVersion !== current.version) {
            const last = journal.records.at(-1);
            throw new CasebookError(
              'conflict',
              `case ${id} was changed by ${last?.actor ?? 'someone'} at ${last?.at ?? '?'} (version ${current.version}, ` +
                `you edited version ${expectedVersion}); reload it and apply your change again`,
            );
          }
          const changes = diffPatch(current, patch);
          if (changes.length === 0) return { cases: [current], audit: [] };
          const { record, tag } = await journal.append({ at: now(), actor: this.actor(), type: CASE_UPDATED, data: { changes } });
          return { cases: [replayCase(id, journal.records)], audit: [toAuditEntry(id, record, tag)] };
        }),
      'audit.list': ({ caseId }) =>
        this.withReadable(caseId, (journal) => journal.records.map((r) => toAuditEntry(caseId, r, journal.tagAt(r.seq)))),
      'audit.verify': ({ caseId }) => this.unlocked().verifyCase(caseId),
    };
  }

  private unlocked(): Vault {
    if (!this.vault) throw new CasebookError('vault-locked', 'the vault is locked; unlock it first');
    return this.vault;
  }

  private actor(): string {
    return this.options.actor ?? this.vault?.settings.actor ?? osUser();
  }

  private async status(): Promise<VaultStatus> {
    const dir = this.options.vaultDir;
    if (this.vault) {
      const settings = this.vault.settings;
      return { state: 'unlocked', dir, autoLockMinutes: settings.autoLockMinutes, actor: this.actor() };
    }
    return { state: (await Vault.exists(dir)) ? 'locked' : 'missing', dir, autoLockMinutes: 0, actor: '' };
  }

  private async listCases(): Promise<{ cases: CaseRecord[]; unreadable: { caseId: string; message: string }[] }> {
    const vault = this.unlocked();
    const cases: CaseRecord[] = [];
    const unreadable: { caseId: string; message: string }[] = [];
    for (const id of await vault.listCaseIds()) {
      try {
        await this.withReadable(id, (journal) => cases.push(replayCase(id, journal.records)));
      } catch (err) {
        unreadable.push({ caseId: id, message: (err as Error).message });
      }
    }
    return { cases, unreadable };
  }

  /** Runs fn on the case's open journal, or opens it for writing just for fn (the CLI's way). */
  private async withWritable<T>(id: string, fn: (journal: CaseJournal) => Promise<T>): Promise<T> {
    const open = this.open.get(id);
    if (open) return fn(open);
    const journal = await this.unlocked().openCase(id, 'write');
    try {
      return await fn(journal);
    } finally {
      await journal.close();
    }
  }

  private async withReadable<T>(id: string, fn: (journal: CaseJournal) => T): Promise<T> {
    const open = this.open.get(id);
    if (open) return fn(open);
    const journal = await this.unlocked().openCase(id, 'read');
    try {
      return fn(journal);
    } finally {
      await journal.close();
    }
  }

  /** Releases every case lock, then wipes the keys. */
  async lock(reason: 'user' | 'idle' = 'user'): Promise<void> {
    const journals = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(journals.map((j) => j.close()));
    const vault = this.vault;
    this.vault = null;
    if (vault) {
      vault.lock();
      this.emit('vault.locked', { reason });
    }
  }

  async dispose(): Promise<void> {
    await this.lock('user');
  }
}

function now(): string {
  return new Date().toISOString();
}
