import type { FacetField, TimelineFilter } from '../../../shared/domain/timeline';
import { initialTimelineView, useUi, type TimelineView } from '../../shared/store';

/** The facets that can filter the timeline, and the filter list each one adds to. */
export const FILTER_FACETS = ['host', 'user', 'source', 'tag'] as const;
export type FilterFacet = (typeof FILTER_FACETS)[number];
export const LIST_OF: Record<FilterFacet, 'hosts' | 'users' | 'sources' | 'tags'> = {
  host: 'hosts',
  user: 'users',
  source: 'sources',
  tag: 'tags',
};
export const FACET_LABELS: Record<FacetField, string> = {
  host: 'Host',
  user: 'User',
  source: 'Source',
  tag: 'Tag',
  timestampDesc: 'Time description',
};

/** The timeline view of this case (the defaults when the store holds another case's). */
export function useTimelineView(caseId: string): [TimelineView, (change: Partial<Omit<TimelineView, 'caseId'>>) => void] {
  const stored = useUi((s) => s.timeline);
  const setTimeline = useUi((s) => s.setTimeline);
  const view = stored.caseId === caseId ? stored : { ...initialTimelineView, caseId };
  return [view, (change) => setTimeline(caseId, change)];
}

/** The engine's filter for a view; with `zoom` false, without the time range (the facets of the whole span). */
export function filterOf(view: TimelineView, zoom = true): TimelineFilter {
  const filter: TimelineFilter = {};
  if (view.text.trim()) filter.text = view.text.trim();
  if (view.hosts.length) filter.hosts = view.hosts;
  if (view.users.length) filter.users = view.users;
  if (view.sources.length) filter.sources = view.sources;
  if (view.tags.length) filter.tags = view.tags;
  if (view.entity) filter.entity = view.entity;
  if (view.marks.length) filter.marks = view.marks;
  if (zoom && view.from !== null) filter.from = view.from;
  if (zoom && view.to !== null) filter.to = view.to;
  return filter;
}

export function hasFilters(view: TimelineView): boolean {
  return (
    view.text.trim() !== '' ||
    view.entity !== '' ||
    view.marks.length > 0 ||
    FILTER_FACETS.some((f) => view[LIST_OF[f]].length > 0) ||
    view.from !== null ||
    view.to !== null
  );
}

/** Adds the value to the facet's filter, or takes it out if it is there. */
export function toggled(view: TimelineView, facet: FilterFacet, value: string): Partial<TimelineView> {
  const list = view[LIST_OF[facet]];
  return { [LIST_OF[facet]]: list.includes(value) ? list.filter((v) => v !== value) : [...list, value] };
}
