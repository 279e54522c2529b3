import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { MatchList } from '../../../shared/domain/indicators';
import { api } from '../../shared/api';
import { db } from '../../shared/db';
import { useEngineQuery } from './engineQuery';

/**
 * The case's latest matching run and its matches, read again whenever the
 * case's counts change (an import, an indicator typed in, a run: each moves
 * the match, indicator or event count the read model keeps).
 */
export function useMatches(caseId: string) {
  const counts = useLiveQuery(() => db.counts.get(caseId), [caseId]);
  const revision = counts ? `${caseId}:${counts.events}:${counts.indicators}:${counts.matches}:${counts.evidence}` : null;
  return useEngineQuery<MatchList>(revision, () => api.matches.list({ caseId }));
}

/** The ids of the events the case's indicators were found in, for the timeline to mark. */
export function useMatchedEventIds(caseId: string): ReadonlySet<number> {
  const { data } = useMatches(caseId);
  return useMemo(() => new Set((data?.matches ?? []).flatMap((m) => (m.eventId === null ? [] : [m.eventId]))), [data]);
}
