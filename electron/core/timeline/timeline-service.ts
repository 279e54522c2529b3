import type { EventMarkKind } from '../../../shared/domain/timeline';
import type { Handlers } from '../../../shared/ipc/dispatch';
import { NO_DIAGNOSTICS, type Diagnostics } from '../diagnostics/diagnostics';
import type { CaseAccess } from '../cases/case-access';
import type { CaseChange } from '../cases/case-changes';
import { committedRuns } from '../cases/case-state';
import { QueryGate } from './query-gate';
import { TimelineStore } from './timeline-store';

type TimelineMethods = 'timeline.summary' | 'timeline.histogram' | 'timeline.page' | 'timeline.facets';

interface OpenStore {
  store: Promise<TimelineStore>;
  gate: QueryGate;
}

/**
 * The timeline queries. Each case's TimelineStore (its runs merged in time
 * order, in memory) is opened by the first query and kept until the case is
 * closed or the vault locked; an import's new runs are merged into it in
 * place (applyChange), queries waiting meanwhile.
 */
export class TimelineService {
  private readonly stores = new Map<string, OpenStore>();
  readonly handlers: Pick<Handlers, TimelineMethods>;

  constructor(
    private readonly cases: CaseAccess,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
    /** The case's events carrying any of these marks (the story's: StoryService.markedEvents), for filters with `marks`. */
    private readonly marked: (caseId: string, marks: readonly EventMarkKind[]) => Promise<readonly number[]> = async () => [],
  ) {
    this.handlers = {
      'timeline.summary': ({ caseId }) => this.query(caseId, async (s) => s.summary()),
      'timeline.histogram': ({ caseId, filter, bins, splitBy, splitLimit }) => this.query(caseId, (s) => s.histogram(filter, bins, splitBy, splitLimit)),
      'timeline.page': ({ caseId, filter, limit, order, cursor }) => this.query(caseId, (s) => s.page(filter, limit, order, cursor)),
      'timeline.facets': ({ caseId, filter, fields, limit }) => this.query(caseId, (s) => s.facets(filter, fields, limit)),
    };
  }

  /**
   * Runs fn on the case's timeline store as a query: after any change being merged in (addRuns),
   * never during one. Other services that read events (the entity pages) go through here too.
   */
  query<T>(caseId: string, fn: (store: TimelineStore) => Promise<T>): Promise<T> {
    const open = this.open(caseId);
    return open.gate.read(async () => fn(await open.store));
  }

  /** Resolves once the case's store is not being opened, changed or queried (at once when it is not open). */
  idle(caseId: string): Promise<void> {
    return this.stores.get(caseId)?.gate.idle() ?? Promise.resolve();
  }

  /** Starts opening the case's store (a failure is reported by the query that needs it). */
  prefetch(caseId: string): void {
    this.query(caseId, async () => undefined).catch(this.diagnostics.swallow('timeline.prefetch', { caseId }));
  }

  /** The case's timeline store, opened on first use and kept while the case is in use. */
  private open(caseId: string): OpenStore {
    let open = this.stores.get(caseId);
    if (!open) {
      // The key is the vault's own buffer (not a copy), so locking the vault wipes it here too.
      const store = this.cases
        .withReadable(caseId, (journal) => ({ runs: committedRuns(journal.records), key: journal.dataKey, dir: journal.dir }))
        .then(({ runs, key, dir }) => TimelineStore.open(dir, caseId, key, runs, { diagnostics: this.diagnostics }))
        .then((opened) => {
          opened.markSource = (marks) => this.marked(caseId, marks);
          return opened;
        });
      open = { store, gate: new QueryGate() };
      this.stores.set(caseId, open);
      store.catch(() => this.stores.get(caseId)?.store === store && this.stores.delete(caseId));
    }
    return open;
  }

  /** Merges the runs a change committed into the case's open store (a store not open yet reads them when it opens). */
  async applyChange(change: CaseChange): Promise<void> {
    const open = this.stores.get(change.caseId);
    if (!open || change.runs.length === 0) return;
    try {
      await open.gate.write(async () => (await open.store).addRuns(change.runs));
    } catch (err) {
      // A store that cannot take the runs (a damaged file) is dropped: the next query opens it again and reports the damage.
      this.diagnostics.record('engine.timeline-add-runs', err, { caseId: change.caseId });
      this.drop(change.caseId);
    }
  }

  /** Forgets the case's store (closing it): the next query opens it again. */
  drop(caseId: string): void {
    const open = this.stores.get(caseId);
    this.stores.delete(caseId);
    void open?.store.then((s) => s.close()).catch(this.diagnostics.swallow('engine.timeline-close', { caseId }));
  }

  dropAll(): void {
    for (const id of [...this.stores.keys()]) this.drop(id);
  }
}
