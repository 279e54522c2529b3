import type { ResourceLimits } from 'node:worker_threads';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { AuditEntry } from '../../../shared/domain/audit';
import type { ChangeSet, CaseRevision, ParsedInput } from '../../../shared/ipc/contract';
import { CasebookError } from '../../../shared/ipc/errors';
import type { EmitEvent } from '../engine-events';
import type { CaseAccess } from '../cases/case-access';
import { committedRuns, type CaseState, type ReplayCache } from '../cases/case-state';
import type { CaseChanges } from '../cases/case-changes';
import { toAuditEntry } from '../cases/case-model';
import type { CaseJournal } from '../vault/case-journal';
import { recordLists } from '../cases/case-records';
import { sweepRuns } from '../cases/case-registry';
import type { RunPool } from './run-pool';
import { previewImport, runImport, type ImportDeps } from './import-service';
import { DuplicateGuard, type DuplicateGuardDeps } from './duplicate-guard';
import { mergeReport, nothingNew } from './duplicates';
import type { ImportReport } from '../../../shared/domain/import';

type ImportMethods = 'import.preview' | 'import.start' | 'import.cancel' | 'import.duplicates';
type StartRequest = Omit<ParsedInput<'import.start'>, 'taskId' | 'duplicate'>;
type Answer = { report: ImportReport; changes: ChangeSet };

export interface ImportTaskDeps {
  cases: CaseAccess;
  states: ReplayCache;
  /** The run worker of this engine's imports (started with the first import). */
  runs: RunPool;
  tailLimits?: ResourceLimits;
  /** Files with fewer records are imported by one thread (parallel-tail.ts). */
  parallelMinRecords: number;
  emit: EmitEvent;
  /** Runs once an import is committed (indicator matching); returns the cases it appended to, and adds its warnings to the report's. */
  afterImport?: (caseIds: readonly string[], warnings: string[]) => Promise<string[]>;
  /** Where the cases an import makes are announced (the registry announces what it appends to a chosen case). */
  changes: CaseChanges;
  /** Runs a query on a case's timeline store (TimelineService.query): a merge reads the events the case has. */
  timeline?: DuplicateGuardDeps['timeline'];
}

/** A case as an import left it: its state, its revision, and the audit entries the import added. */
interface Imported {
  state: CaseState;
  revision: CaseRevision;
  audit: AuditEntry[];
  /** Made by the import (not a case chosen for it). */
  made: boolean;
  /** The journal's last seq before the import. */
  before: number;
}

/** A new case past this many records is not sent with an import's answer: the renderer reads it when it opens the case. */
const CHANGESET_RECORDS_LIMIT = 50_000;

/**
 * The import commands: previews, imports as tasks (by the id their caller
 * chose, to follow progress and cancel), and what each import changed.
 * The pipeline itself is import-service.ts.
 */
export class ImportTaskService {
  /** Running imports, by task id. */
  private readonly tasks = new Map<string, AbortController>();
  readonly handlers: Pick<Handlers, ImportMethods>;
  private readonly guard: DuplicateGuard;

  constructor(private readonly deps: ImportTaskDeps) {
    this.guard = new DuplicateGuard(deps);
    this.handlers = {
      'import.duplicates': async (input) => {
        this.deps.cases.unlocked();
        return this.guard.check(input);
      },
      'import.preview': async (input) => {
        this.deps.cases.unlocked();
        return previewImport(input);
      },
      'import.start': async ({ taskId, duplicate, ...request }) => {
        if (duplicate === 'merge') return this.merge(taskId, request);
        if (duplicate === 'again') return this.start(taskId, request, {});
        // Anything else refuses (a caller that skips the schema gets its default too): before the file is parsed, as the app asks first, and at commit for what only the whole file shows.
        return this.start(taskId, request, {
          beforeRead: () => this.guard.refuseEarly(request),
          beforeCommit: this.guard.refuseAt(request.file, request.caseId),
        });
      },
      'import.cancel': async ({ taskId }) => {
        const task = this.tasks.get(taskId);
        task?.abort();
        return { cancelled: task !== undefined };
      },
    };
  }

  /** Why key rotation must wait, or null. */
  busyReason(): string | null {
    return this.tasks.size ? 'an import is running' : null;
  }

  abortAll(): void {
    for (const task of this.tasks.values()) task.abort();
  }

  /**
   * A merge: into the chosen case, or the one case the file repeats. The same
   * file again adds nothing; a newer export updates the alerts (replayed by id),
   * adds what is new, and leaves out the events the case already has.
   */
  private async merge(taskId: string, request: StartRequest): Promise<Answer> {
    const started = performance.now();
    const check = await this.guard.check(request);
    const target = this.guard.mergeTarget(check, request.caseId);
    if (target === undefined) return this.start(taskId, request, {});
    const stateOf = (id: string) => this.deps.cases.withReadable(id, (j) => this.deps.states.stateOf(id, j.records));
    const before = await stateOf(target);
    if (check.duplicates.some((d) => d.kind === 'file' && d.caseId === target)) {
      return { report: nothingNew(check, request.timezone, before.case, started), changes: {} };
    }
    const snapshot = { alerts: new Map(before.alerts), entityIds: new Set(before.entities.keys()) };
    const merge = { knownEvents: await this.guard.eventKeys(target), alreadyThere: 0 };
    const answer = await this.start(taskId, { ...request, caseId: target }, { merge });
    const after = await stateOf(target);
    const events = { added: answer.report.counts.events, alreadyThere: merge.alreadyThere };
    answer.report.merge = mergeReport(after.case, snapshot, { alerts: after.alerts, entityIds: after.entities.keys() }, events);
    return answer;
  }

  private async start(taskId: string, request: StartRequest, extra: Pick<ImportDeps, 'beforeRead' | 'beforeCommit' | 'merge'>): Promise<Answer> {
    const { cases } = this.deps;
    const vault = cases.unlocked();
    if (this.tasks.has(taskId)) throw new CasebookError('invalid-input', `import.start: taskId: task ${taskId} is already running`);
    const controller = new AbortController();
    this.tasks.set(taskId, controller);
    const label = `Importing ${request.file.split(/[\\/]/).pop()}`;
    try {
      // The chosen case as the import left it: its journal is in hand, so it need not be read again.
      const after = new Map<string, Imported>();
      const report = await runImport(
        {
          vault,
          actor: cases.actor(),
          withWritable: (id, fn) =>
            cases.withWritable(id, async (j) => {
              await sweepRuns(j);
              const before = j.lastSeq;
              const result = await fn(j);
              after.set(id, this.imported(j, before));
              return result;
            }),
          runs: this.deps.runs,
          tailLimits: this.deps.tailLimits,
          parallelMinRecords: this.deps.parallelMinRecords,
          ...extra,
        },
        request,
        (p) => this.deps.emit('task.progress', { taskId, label, done: p.bytes, total: p.totalBytes, unit: 'bytes', records: p.records }),
        controller.signal,
      );
      const appended = new Set(await this.deps.afterImport?.(report.caseIds, report.warnings));
      for (const id of report.caseIds) {
        const known = after.get(id);
        if (!known) after.set(id, await this.announceNew(id));
        // What ran after the import appended to the case (and announced it): the answer says so too.
        else if (appended.has(id)) after.set(id, await cases.withReadable(id, (j) => this.imported(j, known.before)));
      }
      return { report, changes: changesFor(report.caseIds, after) };
    } finally {
      this.tasks.delete(taskId);
    }
  }

  private imported(journal: CaseJournal, before: number): Imported {
    const { caseId, records } = journal;
    return {
      state: this.deps.states.stateOf(caseId, records),
      revision: this.deps.changes.revisionOf(journal),
      audit: records.filter((r) => r.seq > before).map((r) => toAuditEntry(caseId, r, journal.tagAt(r.seq))),
      made: before === 0,
      before,
    };
  }

  /** A case the import made: committed by the vault, not through the registry, so announced here. */
  private async announceNew(caseId: string): Promise<Imported> {
    const { imported, runs } = await this.deps.cases.withReadable(caseId, (j) => ({ imported: this.imported(j, 0), runs: committedRuns(j.records) }));
    const changed = runs.length ? (['case', 'audit', 'records', 'timeline'] as const) : (['case', 'audit', 'records'] as const);
    await this.deps.changes.announce({ ...imported.revision, changed: [...changed], appended: [], runs });
    return imported;
  }
}

/**
 * What changed in these cases, for the renderer's read model: each case's
 * revision, record, new audit entries and records. The records of a case the
 * import made are left out past CHANGESET_RECORDS_LIMIT (the renderer reads
 * them when it opens it); a chosen case's are sent as cases.open would (it is
 * open in the renderer, which applies them without opening it again).
 */
function changesFor(caseIds: readonly string[], imported: ReadonlyMap<string, Imported>): ChangeSet {
  const changes: Required<Pick<ChangeSet, 'cases' | 'revisions' | 'audit'>> & ChangeSet = { cases: [], revisions: [], audit: [] };
  for (const id of caseIds) {
    const { state, revision, audit, made } = imported.get(id)!;
    changes.cases.push(state.case);
    changes.revisions.push(revision);
    changes.audit.push(...audit);
    const size = state.alerts.size + state.entitiesAtMost + state.indicators.size + state.actions.size;
    if (made && size > CHANGESET_RECORDS_LIMIT) continue;
    const lists = recordLists(state);
    for (const key of ['alerts', 'entities', 'indicators', 'actions', 'evidence'] as const) {
      (changes[key] ??= [] as never[]).push(...(lists[key] as never[]));
    }
  }
  return changes;
}
