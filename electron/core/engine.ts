import os from 'node:os';
import { OPENED_ENTITIES_LIMIT, type EventName, type EventPayload, type ChangeSet } from '../../shared/ipc/contract';
import type { AlertRecord, EntityRecord } from '../../shared/domain/records';
import type { Handlers } from '../../shared/ipc/dispatch';
import type { VaultStatus } from '../../shared/domain/vault';
import type { CaseRecord } from '../../shared/domain/case';
import { CasebookError } from '../../shared/ipc/errors';
import { Vault } from './vault/vault';
import type { CaseJournal } from './vault/case-journal';
import { CASE_CREATED, CASE_UPDATED, diffPatch, initialFields, replayCase, toAuditEntry } from './cases/case-model';
import { committedRuns, countsOf, replayState, type CaseState } from './cases/case-state';
import { previewImport, runImport } from './import/import-service';
import { TimelineStore } from './timeline/timeline-store';
import { removeUnreferencedRuns } from './timeline/timeline-writer';
import { KeyedMutex } from './keyed-mutex';
import { verifyVault } from './vault/vault-verify';
import { rotateKeys } from './vault/key-rotation';
import { acceptState } from './vault/manifest-accept';
import { RunPool } from './timeline/run-pool';
import { workerLimits, type WorkerLimits } from './worker-limits';
import type { CaseAccess } from './cases/case-access';
import { NO_DIAGNOSTICS, type Diagnostics } from './diagnostics/diagnostics';

export interface EngineOptions {
  vaultDir: string;
  /** Overrides who is written into the journal as the actor (else the vault setting, else the OS user). */
  actor?: string;
  /** Test-only: cheaper key derivation for new vaults. */
  kdf?: { N: number };
  /** Heap limits of the engine's worker threads, in place of the defaults (worker-limits.ts). */
  workerLimits?: Partial<WorkerLimits>;
  /** The diagnostic log (diagnostic-log.ts) the engine's worker and its host write to; none when absent. */
  diagnosticLog?: string;
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
  /** Timeline stores of cases that were queried, until the case closes or an import changes it. */
  private readonly timelines = new Map<string, Promise<TimelineStore>>();
  /** Running imports, by the task id their caller chose. */
  private readonly tasks = new Map<string, AbortController>();
  /** One open, close or write of a case at a time. */
  private readonly caseMutex = new KeyedMutex();
  /** The run worker of this engine's imports (started with the first import). */
  private readonly runs: RunPool;
  readonly handlers: Handlers;
  /** What services get to reach cases (see case-access.ts). */
  readonly cases: CaseAccess = {
    withReadable: (id, fn) => this.withReadable(id, fn),
    withWritable: (id, fn) => this.withWritable(id, fn),
    actor: () => this.actor(),
    unlocked: () => this.unlocked(),
  };

  constructor(
    private readonly options: EngineOptions,
    private readonly emit: EmitEvent = () => undefined,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {
    this.runs = new RunPool({ resourceLimits: workerLimits(options.workerLimits).run });
    this.handlers = {
      'vault.status': () => this.status(),
      'vault.create': async ({ passphrase }) => {
        if (this.vault) throw new CasebookError('vault-exists', `the vault in ${this.options.vaultDir} is already open`);
        this.vault = await Vault.create(this.options.vaultDir, passphrase, { kdfN: this.options.kdf?.N, diagnostics: this.diagnostics });
        return this.status();
      },
      'vault.unlock': async ({ passphrase }) => {
        if (!this.vault) {
          this.vault = await Vault.unlock(this.options.vaultDir, passphrase, { diagnostics: this.diagnostics });
          // Leftovers of a crashed import are swept on the next unlock; failing to sweep must not lock the user out.
          await this.vault.sweepStaged().catch(this.diagnostics.swallow('engine.sweep-staged'));
          // What the unlock did to the manifest is said by this answer only.
          return { ...(await this.status()), notices: this.vault.notices.splice(0) };
        }
        return this.status();
      },
      'vault.verify': () => verifyVault(this.unlocked()),
      // A refused case is never among this engine's open ones; the case's mutex keeps other commands on it waiting.
      'vault.acceptState': async ({ caseId }) => {
        const vault = this.unlocked();
        const accept = async () => ({ accepted: await acceptState(vault, caseId ?? null, this.actor()) });
        return caseId ? this.caseMutex.run(caseId, accept) : accept();
      },
      'vault.rotateKeys': async ({ passphrase, next }) => {
        const vault = this.unlocked();
        if (this.tasks.size) throw new CasebookError('conflict', 'an import is running; let it finish or cancel it before rotating the keys');
        // Rotation takes every case's writer lock, this engine's open cases' too.
        await this.closeCases();
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
      'cases.list': () => this.listCases(),
      'cases.create': async (input) => {
        const fields = initialFields(input);
        // The first record goes in with the case folder, so a crash never leaves a case without it.
        const journal = await this.unlocked().createCase({ at: now(), actor: this.actor(), type: CASE_CREATED, data: { fields } });
        try {
          const record = journal.records[0]!;
          return {
            cases: [replayCase(journal.caseId, journal.records)],
            audit: [toAuditEntry(journal.caseId, record, journal.tagAt(record.seq))],
          };
        } finally {
          await journal.close();
        }
      },
      'cases.open': async ({ id }) => {
        const journal = await this.caseMutex.run(id, async () => {
          let opened = this.open.get(id);
          if (!opened) {
            opened = await this.unlocked().openCase(id, 'write');
            this.open.set(id, opened);
            await sweepRuns(opened);
          }
          return opened;
        });
        const state = replayState(id, journal.records);
        return {
          case: state.case,
          audit: journal.records.map((r) => toAuditEntry(id, r, journal.tagAt(r.seq))),
          verification: journal.opened,
          counts: countsOf(state),
          ...recordLists(state),
        };
      },
      'cases.close': ({ id }) =>
        this.caseMutex.run(id, async () => {
          const journal = this.open.get(id);
          this.open.delete(id);
          this.dropTimeline(id);
          await journal?.close();
          return { closed: journal !== undefined };
        }),
      'cases.summary': ({ id }) =>
        this.withReadable(id, (journal) => {
          const state = replayState(id, journal.records);
          return { case: state.case, counts: countsOf(state) };
        }),
      'import.preview': async (input) => {
        this.unlocked();
        return previewImport(input);
      },
      'import.start': async ({ taskId, ...request }) => {
        const vault = this.unlocked();
        if (this.tasks.has(taskId)) throw new CasebookError('invalid-input', `import.start: taskId: task ${taskId} is already running`);
        const controller = new AbortController();
        this.tasks.set(taskId, controller);
        const label = `Importing ${request.file.split(/[\\/]/).pop()}`;
        try {
          // The chosen case's state as the import left it: its journal is in hand, so it need not be read again.
          const after = new Map<string, CaseState>();
          const report = await runImport(
            {
              vault,
              actor: this.actor(),
              withWritable: (id, fn) =>
                this.withWritable(id, async (j) => {
                  await sweepRuns(j);
                  const result = await fn(j);
                  after.set(id, replayState(id, j.records));
                  return result;
                }),
              runs: this.runs,
              tailLimits: workerLimits(this.options.workerLimits).tail,
            },
            request,
            (p) => this.emit('task.progress', { taskId, label, done: p.bytes, total: p.totalBytes, unit: 'bytes', records: p.records }),
            controller.signal,
          );
          for (const id of report.caseIds) this.dropTimeline(id);
          return { report, changes: await this.changesFor(report.caseIds, after) };
        } finally {
          this.tasks.delete(taskId);
        }
      },
      'import.cancel': async ({ taskId }) => {
        const task = this.tasks.get(taskId);
        task?.abort();
        return { cancelled: task !== undefined };
      },
      'timeline.summary': async ({ caseId }) => (await this.timeline(caseId)).summary(),
      'timeline.histogram': async ({ caseId, filter, bins, splitBy }) => (await this.timeline(caseId)).histogram(filter, bins, splitBy),
      'timeline.page': async ({ caseId, filter, limit, order, cursor }) => (await this.timeline(caseId)).page(filter, limit, order, cursor),
      'timeline.facets': async ({ caseId, filter, fields, limit }) => (await this.timeline(caseId)).facets(filter, fields, limit),
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
      // The open-file dialog is the shell's (electron/ipc.ts answers it); listed so the handler table stays complete.
      'files.choose': async () => {
        throw new CasebookError('forbidden', 'files.choose is answered by the app shell');
      },
      'audit.list': ({ caseId }) =>
        this.withReadable(caseId, (journal) => journal.records.map((r) => toAuditEntry(caseId, r, journal.tagAt(r.seq)))),
      'audit.verify': ({ caseId }) => this.unlocked().verifyCase(caseId),
    };
  }

  /** The case's timeline store, opened on first use and kept while the case is in use. */
  private timeline(caseId: string): Promise<TimelineStore> {
    let store = this.timelines.get(caseId);
    if (!store) {
      // The key is the vault's own buffer (not a copy), so locking the vault wipes it here too.
      store = this.withReadable(caseId, (journal) => ({ runs: committedRuns(journal.records), key: journal.dataKey, dir: journal.dir })).then(
        ({ runs, key, dir }) => TimelineStore.open(dir, caseId, key, runs, { diagnostics: this.diagnostics }),
      );
      this.timelines.set(caseId, store);
      store.catch(() => this.timelines.delete(caseId));
    }
    return store;
  }

  private dropTimeline(caseId: string): void {
    const store = this.timelines.get(caseId);
    this.timelines.delete(caseId);
    void store?.then((s) => s.close()).catch(this.diagnostics.swallow('engine.timeline-close', { caseId }));
  }

  /** What changed in these cases, for the renderer's read model (records only when the case is small). */
  private async changesFor(caseIds: string[], known: ReadonlyMap<string, CaseState> = new Map()): Promise<ChangeSet> {
    const changes: Required<Pick<ChangeSet, 'cases'>> & ChangeSet = { cases: [] };
    for (const id of caseIds) {
      const state = known.get(id) ?? (await this.withReadable(id, (journal) => replayState(id, journal.records)));
      changes.cases.push(state.case);
      // A large case's records are not sent with the change: the renderer reads them when it opens the case.
      const size = state.alerts.size + state.entitiesAtMost + state.indicators.size + state.actions.size;
      if (size > 50_000) continue;
      const lists = recordLists(state);
      for (const key of ['alerts', 'entities', 'indicators', 'actions', 'evidence'] as const) {
        (changes[key] ??= [] as never[]).push(...(lists[key] as never[]));
      }
    }
    return changes;
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
    // A case the manifest lists whose folder is gone is shown too, as deleted.
    const unreadable: { caseId: string; message: string }[] = await vault.missingCases();
    for (const id of await vault.listCaseIds()) {
      try {
        await this.withReadable(id, (journal) => cases.push(replayCase(id, journal.records)));
      } catch (err) {
        unreadable.push({ caseId: id, message: (err as Error).message });
      }
    }
    return { cases, unreadable };
  }

  /**
   * Runs fn on the case's open journal, or opens it for writing just for fn (the CLI's way).
   * What fn appended is then recorded in the vault manifest: after the journal's sync, so a crash
   * in between leaves a journal longer than its entry, which is allowed.
   */
  private withWritable<T>(id: string, fn: (journal: CaseJournal) => Promise<T>): Promise<T> {
    return this.caseMutex.run(id, async () => {
      const vault = this.unlocked();
      const open = this.open.get(id);
      const journal = open ?? (await vault.openCase(id, 'write'));
      const before = journal.lastSeq;
      const record = () => (journal.lastSeq > before ? vault.recordCase(id, journal.lastSeq, journal.headTag) : Promise.resolve());
      try {
        const result = await fn(journal);
        await record();
        return result;
      } catch (err) {
        // Records fn appended before it failed are in the journal all the same; the failure is fn's.
        await record().catch(this.diagnostics.swallow('engine.manifest-record', { caseId: id }));
        throw err;
      } finally {
        if (!open) await journal.close();
      }
    });
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

  /** Closes every case this engine holds open, releasing their writer locks. */
  private async closeCases(): Promise<void> {
    for (const id of [...this.timelines.keys()]) this.dropTimeline(id);
    const journals = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(journals.map((j) => j.close()));
  }

  /** Releases every case lock, then wipes the keys. */
  async lock(reason: 'user' | 'idle' = 'user'): Promise<void> {
    for (const task of this.tasks.values()) task.abort();
    await this.closeCases();
    const vault = this.vault;
    this.vault = null;
    if (vault) {
      vault.lock();
      this.emit('vault.locked', { reason });
    }
  }

  async dispose(): Promise<void> {
    await this.lock('user');
    await this.runs.close();
  }
}

/** The entities that matter to triage: named by an alert, or given a role, a verdict or a remediation status. */
function triageEntities(entities: Iterable<EntityRecord>, alerts: AlertRecord[]): EntityRecord[] {
  const named = new Set(alerts.flatMap((a) => a.entityIds));
  return [...entities].filter((e) => named.has(e.id) || e.roles.length > 0 || e.verdict !== null || e.remediationStatus !== null);
}

/** A case's records as the read model gets them: all of them, but past OPENED_ENTITIES_LIMIT only the entities that matter to triage. */
function recordLists(state: CaseState) {
  const alerts = [...state.alerts.values()];
  return {
    alerts,
    entities: state.entities.size > OPENED_ENTITIES_LIMIT ? triageEntities(state.entities.values(), alerts) : [...state.entities.values()],
    indicators: [...state.indicators.values()],
    actions: [...state.actions.values()],
    evidence: [...state.evidence.values()],
  };
}

/** Removes timeline files no committed import references (left by a crash or a cancelled import). */
async function sweepRuns(journal: CaseJournal): Promise<void> {
  const referenced = new Set(committedRuns(journal.records).map((r) => r.name));
  await removeUnreferencedRuns(journal.dir, referenced);
}

function now(): string {
  return new Date().toISOString();
}
