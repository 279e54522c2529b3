import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AlertRecord } from '../../../shared/domain/records';
import { api } from '../../shared/api';
import { caseQueryKey } from '../../shared/caseRevision';
import { db } from '../../shared/db';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';

/** Bars of the small "events by source" chart. */
export const SOURCE_BINS = 48;
/** Sources named in it; the rest are summed as "(other)". */
export const SOURCE_SERIES = 5;
export const TOP_ENTITIES = 8;

/**
 * What the overview shows, each keyed on the case's revision: the counts
 * (the stamp), the alerts (the read model), events by source over time and
 * the timeline's span, the entities with the most events and the count of
 * each kind (the engine's entity store).
 */
export function useOverviewData(caseId: string) {
  const stamp = useCaseStamp(caseId);
  const revision = stamp.data?.revision ?? null;
  const ask = <T>(what: string, run: () => Promise<T>) => ({
    queryKey: caseQueryKey(caseId, revision ?? -1, 'overview', what),
    queryFn: run,
    enabled: revision !== null,
    placeholderData: keepPreviousData,
  });
  const alerts = useLiveQuery(() => db.alerts.where('caseId').equals(caseId).toArray(), [caseId]) as AlertRecord[] | undefined;
  const summary = useQuery(ask('summary', () => api.timeline.summary({ caseId })));
  const hasEvents = (summary.data?.count ?? 0) > 0;
  const sources = useQuery({
    ...ask('sources', () => api.timeline.histogram({ caseId, bins: SOURCE_BINS, splitBy: 'source', splitLimit: SOURCE_SERIES })),
    enabled: revision !== null && hasEvents,
  });
  const entities = useQuery(ask('entities', () => api.entities.list({ caseId, sort: 'events', order: 'desc', limit: TOP_ENTITIES })));
  return {
    counts: stamp.data?.counts,
    alerts,
    summary: summary.data,
    sources: sources.data,
    entities: entities.data,
    error: summary.error ?? sources.error ?? entities.error,
  };
}
