import type { Handlers } from '../../../shared/ipc/dispatch';
import type { CaseAccess } from '../cases/case-access';
import { committedRuns } from '../cases/case-state';
import { TimelineStore } from './timeline-store';

type TimelineMethods = 'timeline.summary' | 'timeline.histogram' | 'timeline.page' | 'timeline.facets';

/**
 * The timeline queries. Each case's TimelineStore (its runs merged in time
 * order, in memory) is opened by the first query and kept until the case is
 * closed, the vault locked, or an import changes it.
 */
export class TimelineService {
  private readonly stores = new Map<string, Promise<TimelineStore>>();
  readonly handlers: Pick<Handlers, TimelineMethods>;

  constructor(private readonly cases: CaseAccess) {
    this.handlers = {
      'timeline.summary': async ({ caseId }) => (await this.store(caseId)).summary(),
      'timeline.histogram': async ({ caseId, filter, bins, splitBy }) => (await this.store(caseId)).histogram(filter, bins, splitBy),
      'timeline.page': async ({ caseId, filter, limit, order, cursor }) => (await this.store(caseId)).page(filter, limit, order, cursor),
      'timeline.facets': async ({ caseId, filter, fields, limit }) => (await this.store(caseId)).facets(filter, fields, limit),
    };
  }

  /** The case's timeline store, opened on first use and kept while the case is in use. */
  private store(caseId: string): Promise<TimelineStore> {
    let store = this.stores.get(caseId);
    if (!store) {
      // The key is the vault's own buffer (not a copy), so locking the vault wipes it here too.
      store = this.cases
        .withReadable(caseId, (journal) => ({ runs: committedRuns(journal.records), key: journal.dataKey, dir: journal.dir }))
        .then(({ runs, key, dir }) => TimelineStore.open(dir, caseId, key, runs));
      this.stores.set(caseId, store);
      store.catch(() => this.stores.delete(caseId));
    }
    return store;
  }

  /** Forgets the case's store (closing it): the next query opens it again. */
  drop(caseId: string): void {
    const store = this.stores.get(caseId);
    this.stores.delete(caseId);
    void store?.then((s) => s.close()).catch(() => undefined);
  }

  dropAll(): void {
    for (const id of [...this.stores.keys()]) this.drop(id);
  }
}
