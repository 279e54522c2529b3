import { sweepUnrecorded } from '../evidence/evidence-state';
import type { Handlers } from '../../../shared/ipc/dispatch';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';
import type { CaseList, ChangeSet } from '../../../shared/ipc/contract';
import type { CaseRecord } from '../../../shared/domain/case';
import { CasebookError } from '../../../shared/ipc/errors';
import type { CaseJournal } from '../vault/case-journal';
import type { VaultSession } from '../vault/vault-session';
import { KeyedMutex } from '../keyed-mutex';
import { removeUnreferencedRuns } from '../timeline/run-files';
import { CASE_CREATED, CASE_UPDATED, diffPatch, initialFields, replayCase, toAuditEntry } from './case-model';
import { committedRuns, countsOf, type ReplayCache } from './case-state';
import type { CaseChanges } from './case-changes';
import { recordLists } from './case-records';
import type { CaseAccess } from './case-access';

type CaseMethods = 'cases.list' | 'cases.create' | 'cases.open' | 'cases.close' | 'cases.summary' | 'cases.update';

/**
 * The case registry: the cases open in a workspace (their journals, whose
 * writer lock is held until close or lock), one open, close or write of a case
 * at a time (the per-case mutex), and the cases.* commands. Other services
 * reach cases through it, as CaseAccess.
 */
export class CaseRegistry implements CaseAccess {
  private readonly open = new Map<string, CaseJournal>();
  private readonly mutex = new KeyedMutex();
  /** Called when a case is closed (cases.close). */
  private readonly closedListeners: ((caseId: string) => void)[] = [];
  readonly handlers: Pick<Handlers, CaseMethods>;

  constructor(
    private readonly session: VaultSession,
    private readonly states: ReplayCache,
    private readonly changes: CaseChanges,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {
    this.handlers = {
      'cases.list': () => this.listCases(),
      'cases.create': (input) => this.create(input),
      'cases.open': async ({ id }) => {
        const journal = await this.mutex.run(id, async () => {
          let opened = this.open.get(id);
          if (!opened) {
            opened = await this.unlocked().openCase(id, 'write');
            this.open.set(id, opened);
            await sweepRuns(opened);
            await sweepUnrecorded(opened.dir, opened.records);
          }
          return opened;
        });
        const state = this.states.stateOf(id, journal.records);
        return {
          case: state.case,
          revision: journal.lastSeq,
          audit: journal.records.map((r) => toAuditEntry(id, r, journal.tagAt(r.seq))),
          verification: journal.opened,
          counts: countsOf(state),
          ...recordLists(state),
        };
      },
      'cases.close': ({ id }) =>
        this.mutex.run(id, async () => {
          const journal = this.open.get(id);
          this.open.delete(id);
          this.notifyClosed(id);
          await journal?.close();
          return { closed: journal !== undefined };
        }),
      'cases.summary': ({ id }) =>
        this.withReadable(id, (journal) => {
          const state = this.states.stateOf(id, journal.records);
          return { case: state.case, counts: countsOf(state), revision: journal.lastSeq };
        }),
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
          if (changes.length === 0) return { cases: [current], audit: [], revisions: [this.changes.revisionOf(journal)] };
          const { record, tag } = await journal.append({ at: now(), actor: this.actor(), type: CASE_UPDATED, data: { changes } });
          return { cases: [replayCase(id, journal.records)], audit: [toAuditEntry(id, record, tag)], revisions: [this.changes.revisionOf(journal)] };
        }),
    };
  }

  actor(): string {
    return this.session.actor();
  }

  unlocked() {
    return this.session.unlocked();
  }

  /** Tells fn the id of every case closed by cases.close, so services drop what they hold for it. */
  onClosed(fn: (caseId: string) => void): void {
    this.closedListeners.push(fn);
  }

  private notifyClosed(caseId: string): void {
    for (const listener of this.closedListeners) listener(caseId);
  }

  /** Runs fn while no other open, close or write of the case runs. */
  exclusive<T>(caseId: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(caseId, fn);
  }

  private async create(input: Parameters<Handlers['cases.create']>[0]): Promise<ChangeSet> {
    const fields = initialFields(input);
    // The first record goes in with the case folder, so a crash never leaves a case without it.
    const journal = await this.unlocked().createCase({ at: now(), actor: this.actor(), type: CASE_CREATED, data: { fields } });
    try {
      const record = journal.records[0]!;
      const revision = await this.changes.appended(journal, 0);
      return {
        cases: [replayCase(journal.caseId, journal.records)],
        audit: [toAuditEntry(journal.caseId, record, journal.tagAt(record.seq))],
        revisions: [revision],
      };
    } finally {
      await journal.close();
    }
  }

  private async listCases(): Promise<CaseList> {
    const vault = this.unlocked();
    const cases: CaseRecord[] = [];
    // A case the manifest lists whose folder is gone is shown too, as deleted.
    const unreadable: CaseList['unreadable'] = await vault.missingCases();
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
   * in between leaves a journal longer than its entry, which is allowed. Then it is announced
   * (case-changes.ts): to the services first, then to the renderer as case.changed.
   */
  withWritable<T>(id: string, fn: (journal: CaseJournal) => Promise<T>): Promise<T> {
    return this.mutex.run(id, async () => {
      const vault = this.unlocked();
      const open = this.open.get(id);
      const journal = open ?? (await vault.openCase(id, 'write'));
      const before = journal.lastSeq;
      const record = async () => {
        if (journal.lastSeq === before) return;
        await vault.recordCase(id, journal.lastSeq, journal.headTag);
        await this.changes.appended(journal, before);
      };
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

  async withReadable<T>(id: string, fn: (journal: CaseJournal) => T): Promise<T> {
    const open = this.open.get(id);
    if (open) return fn(open);
    const journal = await this.unlocked().openCase(id, 'read');
    try {
      return fn(journal);
    } finally {
      await journal.close();
    }
  }

  /** Closes every case held open, releasing their writer locks (the engine's lock and key rotation). */
  async closeAll(): Promise<void> {
    const journals = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(journals.map((j) => j.close()));
  }
}

/** Removes timeline files no committed import references (left by a crash or a cancelled import). */
export async function sweepRuns(journal: CaseJournal): Promise<void> {
  const referenced = new Set(committedRuns(journal.records).map((r) => r.name));
  await removeUnreferencedRuns(journal.dir, referenced);
}

function now(): string {
  return new Date().toISOString();
}
