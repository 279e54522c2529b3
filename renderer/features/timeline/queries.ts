import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { EventPage, FacetField, Histogram, StoredEvent, TimelineFilter } from '../../../shared/domain/timeline';
import { api } from '../../shared/api';
import type { CaseStamp } from '../../shared/caseRevision';
import { messageOf } from '../../shared/errors';

/**
 * The revision of the case's timeline: the case's revision when its event
 * count last changed (an import), kept while other records change (a note, a
 * star, a verdict), so those do not ask the timeline again nor reset the
 * table's selection and open details. Its queries are keyed on it, under
 * their own key ('timeline-at'), which a new case revision does not invalidate.
 */
export function useTimelineRevision(caseId: string, stamp: CaseStamp | undefined): number | null {
  if (!stamp) return null;
  const held = timelineRevisions.get(caseId);
  if (held && held.events === stamp.counts.events && held.revision <= stamp.revision) return held.revision;
  timelineRevisions.set(caseId, { events: stamp.counts.events, revision: stamp.revision });
  return stamp.revision;
}

/** Per case, the event count and the revision it was first seen at (kept across the tab's mounts). */
const timelineRevisions = new Map<string, { events: number; revision: number }>();

const timelineKey = (caseId: string, revision: number | null, ...question: readonly unknown[]) => ['case', caseId, 'timeline-at', revision ?? -1, ...question];

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

/**
 * A question about the case's timeline at one revision (null: not known yet,
 * or not to be asked). Answers are cached by revision and question; the last
 * answer stays on screen while the next one loads.
 */
export function useTimelineQuery<T>(caseId: string, revision: number | null, question: readonly unknown[], run: () => Promise<T>): QueryState<T> {
  const query = useQuery({
    queryKey: timelineKey(caseId, revision, ...question),
    queryFn: run,
    enabled: revision !== null,
    placeholderData: keepPreviousData,
  });
  return { data: query.data, error: query.error ? messageOf(query.error) : null, loading: query.isFetching };
}

/** Bars across the shown span. */
export const HISTOGRAM_BINS = 100;

/** The histogram's question for a filter (the view's query and the prefetches ask the same). */
export function histogramQuestion(caseId: string, filter: TimelineFilter, splitBy: FacetField | null): [readonly unknown[], () => Promise<Histogram>] {
  return [
    ['histogram', filter, HISTOGRAM_BINS, splitBy ?? null],
    () => api.timeline.histogram({ caseId, filter, bins: HISTOGRAM_BINS, ...(splitBy ? { splitBy } : {}) }),
  ];
}

export const PAGE_SIZE = 200;
/** Rows kept in memory for scrolling; past it, the table asks for a narrower filter or a zoom. */
export const MAX_LOADED = 100_000;

export interface EventPages {
  rows: StoredEvent[];
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
}

/** The question for one page of events (the cursor is TanStack's page parameter). */
const pageQuestion = (caseId: string, revision: number | null, filter: TimelineFilter, order: 'asc' | 'desc') => ({
  queryKey: timelineKey(caseId, revision, 'page', filter, order),
  queryFn: ({ pageParam }: { pageParam: string | null }) => api.timeline.page({ caseId, filter, order, limit: PAGE_SIZE, cursor: pageParam }),
  initialPageParam: null as string | null,
  getNextPageParam: (last: EventPage) => last.nextCursor ?? undefined,
});

/**
 * Asks the engine at once what a view about to be shown will ask (a zoom: its
 * histogram and first page, at the gesture), so the answers are on their way
 * while React renders the view; the view's own queries then find them in flight.
 * Nothing is asked while the revision is not known (null).
 */
export function usePrefetch(caseId: string, revision: number | null) {
  const client = useQueryClient();
  return {
    question: (question: readonly unknown[], run: () => Promise<unknown>) => {
      if (revision !== null) void client.prefetchQuery({ queryKey: timelineKey(caseId, revision, ...question), queryFn: run });
    },
    pages: (filter: TimelineFilter, order: 'asc' | 'desc') => {
      if (revision !== null) void client.prefetchInfiniteQuery(pageQuestion(caseId, revision, filter, order));
    },
  };
}

/** Pages of events at one revision (null: none yet), fetched with the engine's cursor as the table scrolls; a new revision, filter or order starts over. */
export function useEventPages(caseId: string, revision: number | null, filter: TimelineFilter, order: 'asc' | 'desc'): EventPages {
  const query = useInfiniteQuery({
    ...pageQuestion(caseId, revision, filter, order),
    enabled: revision !== null,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((page) => page.events) ?? [], [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (!hasNextPage || isFetchingNextPage || rows.length >= MAX_LOADED) return;
    void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, rows.length, fetchNextPage]);
  return {
    rows,
    total: query.data?.pages[0]?.total ?? null,
    hasMore: hasNextPage,
    loading: query.isFetching,
    error: query.error ? messageOf(query.error) : null,
    loadMore,
  };
}
