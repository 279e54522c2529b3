import { create } from 'zustand';
import type { EntitySortKey } from '../../../shared/domain/entities';
import type { EntityType } from '../../../shared/domain/records';

/** How the entity list of the open case is looked at; kept while the analyst goes to an entity, another tab and back. */
export interface EntityListView {
  caseId: string | null;
  text: string;
  type: EntityType | null;
  verdict: string;
  namedByAlert: boolean;
  matchesIndicator: boolean;
  sort: EntitySortKey;
  order: 'asc' | 'desc';
  offset: number;
}

export const PAGE_SIZE = 100;

const initial: EntityListView = {
  caseId: null,
  text: '',
  type: null,
  verdict: '',
  namedByAlert: false,
  matchesIndicator: false,
  sort: 'events',
  order: 'desc',
  offset: 0,
};

interface ViewStore {
  view: EntityListView;
  set(caseId: string, change: Partial<Omit<EntityListView, 'caseId'>>): void;
}

const useViewStore = create<ViewStore>()((set) => ({
  view: initial,
  set: (caseId, change) => set((s) => ({ view: { ...(s.view.caseId === caseId ? s.view : { ...initial, caseId }), ...change } })),
}));

/** The list view of this case (the defaults for another case's); any change but paging goes back to the first page. */
export function useEntityListView(caseId: string): [EntityListView, (change: Partial<Omit<EntityListView, 'caseId'>>) => void] {
  const stored = useViewStore((s) => s.view);
  const set = useViewStore((s) => s.set);
  const view = stored.caseId === caseId ? stored : { ...initial, caseId };
  return [view, (change) => set(caseId, 'offset' in change ? change : { ...change, offset: 0 })];
}

/** Numbers and times sort most first when first chosen; words from A. */
export function defaultOrder(sort: EntitySortKey): 'asc' | 'desc' {
  return sort === 'display' || sort === 'type' || sort === 'verdict' ? 'asc' : 'desc';
}
