import type { ResourceLimits } from 'node:worker_threads';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { ChangeSet } from '../../../shared/ipc/contract';
import { CasebookError } from '../../../shared/ipc/errors';
import type { EmitEvent } from '../engine-events';
import type { CaseAccess } from '../cases/case-access';
import type { CaseState, ReplayCache } from '../cases/case-state';
import { recordLists } from '../cases/case-records';
import { sweepRuns } from '../cases/case-registry';
import type { RunPool } from '../timeline/run-pool';
import { previewImport, runImport } from './import-service';

type ImportMethods = 'import.preview' | 'import.start' | 'import.cancel';

export interface ImportTaskDeps {
  cases: CaseAccess;
  states: ReplayCache;
  /** The run worker of this engine's imports (started with the first import). */
  runs: RunPool;
  tailLimits?: ResourceLimits;
  /** Files with fewer records are imported by one thread (parallel-tail.ts). */
  parallelMinRecords: number;
  emit: EmitEvent;
  /** Told the cases an import committed to, before its answer goes out. */
  onCommitted(caseIds: readonly string[]): void;
}

/** A case past this many records is not sent with an import's answer: the renderer reads it when it opens the case. */
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

  constructor(private readonly deps: ImportTaskDeps) {
    this.handlers = {
      'import.preview': async (input) => {
        this.deps.cases.unlocked();
        return previewImport(input);
      },
      'import.start': ({ taskId, ...request }) => this.start(taskId, request),
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

  private async start(taskId: string, request: Omit<Parameters<Handlers['import.start']>[0], 'taskId'>) {
    const { cases, states } = this.deps;
    const vault = cases.unlocked();
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
          actor: cases.actor(),
          withWritable: (id, fn) =>
            cases.withWritable(id, async (j) => {
              await sweepRuns(j);
              const result = await fn(j);
              after.set(id, states.stateOf(id, j.records));
              return result;
            }),
          runs: this.deps.runs,
          tailLimits: this.deps.tailLimits,
          parallelMinRecords: this.deps.parallelMinRecords,
        },
        request,
        (p) => this.deps.emit('task.progress', { taskId, label, done: p.bytes, total: p.totalBytes, unit: 'bytes', records: p.records }),
        controller.signal,
      );
      this.deps.onCommitted(report.caseIds);
      return { report, changes: await this.changesFor(report.caseIds, after) };
    } finally {
      this.tasks.delete(taskId);
    }
  }

  /** What changed in these cases, for the renderer's read model (records only when the case is small). */
  private async changesFor(caseIds: string[], known: ReadonlyMap<string, CaseState>): Promise<ChangeSet> {
    const changes: Required<Pick<ChangeSet, 'cases'>> & ChangeSet = { cases: [] };
    for (const id of caseIds) {
      const state = known.get(id) ?? (await this.deps.cases.withReadable(id, (journal) => this.deps.states.stateOf(id, journal.records)));
      changes.cases.push(state.case);
      const size = state.alerts.size + state.entitiesAtMost + state.indicators.size + state.actions.size;
      if (size > CHANGESET_RECORDS_LIMIT) continue;
      const lists = recordLists(state);
      for (const key of ['alerts', 'entities', 'indicators', 'actions', 'evidence'] as const) {
        (changes[key] ??= [] as never[]).push(...(lists[key] as never[]));
      }
    }
    return changes;
  }
}
