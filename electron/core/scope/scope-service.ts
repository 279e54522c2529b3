import type { Handlers } from '../../../shared/ipc/dispatch';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { AssetLanes } from '../../../shared/domain/scope';
import type { CaseAccess } from '../cases/case-access';
import type { ReplayCache } from '../cases/case-state';
import type { TimelineStore } from '../timeline/timeline-store';
import { assetLanes } from './asset-lanes';
import { SavedViews } from './saved-views';

type ScopeMethods = 'timeline.lanes' | 'savedViews.list' | 'savedViews.save' | 'savedViews.delete';

/** Asset timelines (lanes of a case's devices or users) and saved timeline views. */
export class ScopeService {
  readonly handlers: Pick<Handlers, ScopeMethods>;
  private readonly views: SavedViews;

  constructor(
    private readonly cases: CaseAccess,
    /** The engine's replay memo: a brush zoom asks for lanes again, and the journal has not changed. */
    private readonly states: ReplayCache,
    /** Runs a query on the case's timeline store (TimelineService.query: never while runs are being merged in). */
    private readonly timeline: <T>(caseId: string, fn: (store: TimelineStore) => Promise<T>) => Promise<T>,
  ) {
    this.views = new SavedViews(() => cases.unlocked());
    // Each saved-view command first reads the case: an unknown or unreadable case is refused, not given views.
    const known = (caseId: string) => cases.withReadable(caseId, () => undefined);
    this.handlers = {
      'timeline.lanes': (input) => this.lanes(input),
      'savedViews.list': async ({ caseId }) => (await known(caseId), this.views.list(caseId)),
      'savedViews.save': async ({ caseId, view }) => (await known(caseId), this.views.save(caseId, view)),
      'savedViews.delete': async ({ caseId, name }) => (await known(caseId), this.views.delete(caseId, name)),
    };
  }

  private async lanes({ caseId, field, values, filter, bins }: ParsedInput<'timeline.lanes'>): Promise<AssetLanes> {
    const state = await this.cases.withReadable(caseId, (journal) => this.states.stateOf(caseId, journal.records));
    const buckets = await this.timeline(caseId, (store) => store.bucketed(filter, bins, field));
    return assetLanes(buckets, field, values, [...state.alerts.values()], state.entities);
  }
}
