import type { Handlers } from '../../shared/ipc/dispatch';
import { CasebookError } from '../../shared/ipc/errors';
import type { EmitEvent } from './engine-events';
import { VaultSession, type VaultSessionOptions } from './vault/vault-session';
import { CaseRegistry } from './cases/case-registry';
import { ReplayCache } from './cases/case-state';
import type { CaseAccess } from './cases/case-access';
import { CaseChanges } from './cases/case-changes';
import { ImportTaskService } from './import/import-task-service';
import { DEFAULT_PARALLEL_MIN_RECORDS } from './import/parallel-tail';
import { TimelineService } from './timeline/timeline-service';
import { AuditService } from './audit/audit-service';
import { RunPool } from './import/run-pool';
import { IndicatorService } from './indicators/indicator-service';
import { workerLimits, type WorkerLimits } from './worker-limits';
import { EntityService } from './entities/entity-service';
import { GraphService } from './graph/graph-service';
import { ActionService } from './actions/action-service';
import { StoryService } from './story/story-service';
import { ScopeService } from './scope/scope-service';
import { NO_DIAGNOSTICS, type Diagnostics } from './diagnostics/diagnostics';
import { rendererDiagnosticsHandlers } from './diagnostics/renderer-diagnostics';
import { ExportService } from './exports/export-service';
import { EvidenceService } from './evidence/evidence-service';
import { PackageService } from './packages/package-service';

export type { EmitEvent } from './engine-events';

export interface EngineOptions extends VaultSessionOptions {
  /** Heap limits of the engine's worker threads, in place of the defaults (worker-limits.ts). */
  workerLimits?: Partial<WorkerLimits>;
  /**
   * When an import reads a Plaso storage file with a second thread (parallel-tail.ts). Read at
   * each import, so a test may lower it between two imports of the same engine.
   */
  parallelImport?: { minRecords: number };
  /** The diagnostic log (diagnostic-log.ts) the engine's worker and its host write to; none when absent. */
  diagnosticLog?: string;
}

/**
 * The engine: plain Node, no Electron. The composition root of its services,
 * each of one concern and with its own part of the contract's handler table:
 * the vault session, the case registry (open cases, the per-case mutex), the
 * imports, the timelines and the audit trail. The shell runs it in a worker;
 * the CLI and the tests call it directly.
 *
 * A new service takes what it needs here (CaseAccess to reach cases, the
 * ReplayCache, CaseChanges to hear of or announce changes, emit), exposes
 * `handlers: Pick<Handlers, ...>` for its methods, and is spread into the
 * table below.
 */
export class Engine {
  private readonly session: VaultSession;
  private readonly registry: CaseRegistry;
  private readonly imports: ImportTaskService;
  private readonly timelines: TimelineService;
  /** The run worker of this engine's imports (started with the first import). */
  private readonly runs: RunPool;
  readonly handlers: Handlers;
  private readonly indicators: IndicatorService;
  private readonly exports: ExportService;
  private readonly evidence: EvidenceService;
  /** What services get to reach cases (see case-access.ts). */
  readonly cases: CaseAccess;

  constructor(options: EngineOptions, emit: EmitEvent = () => undefined, diagnostics: Diagnostics = NO_DIAGNOSTICS) {
    const limits = workerLimits(options.workerLimits);
    this.runs = new RunPool({ resourceLimits: limits.run, diagnostics });
    this.session = new VaultSession(options, this.sessionHooks(), emit, diagnostics);
    const states = new ReplayCache();
    const changes = new CaseChanges(states, emit);
    this.registry = new CaseRegistry(this.session, states, changes, diagnostics);
    this.cases = this.registry;
    // A timeline filter's marks (starred, flagged, tagged) are the story's: asked of it when a query names them.
    this.timelines = new TimelineService(this.cases, diagnostics, (caseId, marks) => story.markedEvents(caseId, marks));
    this.registry.onClosed((id) => this.timelines.drop(id));
    changes.listen((change) => this.timelines.applyChange(change));
    this.indicators = new IndicatorService(this.cases);
    this.evidence = new EvidenceService(this.cases, changes, emit, {
      // The entity service is made below; these run only when a request comes, after it exists.
      links: {
        entities: (caseId, ids) => entities.rowsOf(caseId, ids),
        event: (caseId, id) => this.timelines.query(caseId, (store) => store.eventById(id)),
      },
    });
    this.imports = new ImportTaskService({
      cases: this.cases,
      // Indicators are matched at import time of either side: new events against known indicators, new indicators against known events.
      afterImport: (caseIds, warnings) => this.indicators.afterImport(caseIds, warnings),
      states,
      runs: this.runs,
      tailLimits: limits.tail,
      get parallelMinRecords() {
        return options.parallelImport?.minRecords ?? DEFAULT_PARALLEL_MIN_RECORDS;
      },
      emit,
      changes,
      timeline: (id, fn) => this.timelines.query(id, fn),
    });
    this.exports = new ExportService({ cases: this.cases, states, emit, timeline: (id, fn) => this.timelines.query(id, fn), handlers: () => this.handlers });
    const entities = new EntityService(
      this.cases,
      (id, fn) => this.timelines.query(id, fn),
      (id) => this.timelines.idle(id),
    );
    const story = new StoryService(
      this.cases,
      (id, fn) => this.timelines.query(id, fn),
      (caseId, id) => entities.handlers['entities.get']({ caseId, id }),
    );
    this.handlers = {
      ...this.session.handlers,
      ...this.registry.handlers,
      // Its views ask for the timeline at once (the overview's summary): its store starts opening before their other questions.
      'cases.open': async (input) => {
        const opened = await this.registry.handlers['cases.open'](input);
        this.timelines.prefetch(input.id);
        return opened;
      },
      ...this.imports.handlers,
      ...this.timelines.handlers,
      ...this.indicators.handlers,
      ...new AuditService(this.cases).handlers,
      // The open-file dialog is the shell's (electron/ipc.ts answers it); listed so the handler table stays complete.
      'files.choose': async () => {
        throw new CasebookError('forbidden', 'files.choose is answered by the app shell');
      },
      ...this.exports.handlers,
      ...entities.handlers,
      ...new GraphService(entities).handlers,
      ...new ActionService(this.cases, (journal, ids) => entities.describe(journal, ids)).handlers,
      ...this.evidence.handlers,
      ...story.handlers,
      ...new PackageService({ cases: this.cases, changes, runs: this.runs, emit, vaultDir: options.vaultDir, isUnlocked: () => this.session.isUnlocked() })
        .handlers,
      ...new ScopeService(this.cases, states, (id, fn) => this.timelines.query(id, fn)).handlers,
      ...rendererDiagnosticsHandlers(diagnostics),
    };
  }

  /** What the vault session asks of the services that hold its cases and work (called only after the constructor). */
  private sessionHooks(): ConstructorParameters<typeof VaultSession>[1] {
    return {
      releaseCases: () => this.releaseCases(),
      abortWork: () => {
        this.imports.abortAll();
        this.exports.abortAll();
        this.evidence.abortAll();
      },
      busyReason: () => this.imports.busyReason() ?? this.exports.busyReason() ?? this.evidence.busyReason(),
      exclusive: (caseId, fn) => this.registry.exclusive(caseId, fn),
    };
  }

  /** Closes every case and timeline this engine holds, releasing the writer locks. */
  private async releaseCases(): Promise<void> {
    this.timelines.dropAll();
    await this.registry.closeAll();
  }

  /** Releases every case lock, then wipes the keys. */
  lock(reason: 'user' | 'idle' = 'user'): Promise<void> {
    return this.session.lock(reason);
  }

  async dispose(): Promise<void> {
    await this.lock('user');
    await this.runs.close();
  }
}
