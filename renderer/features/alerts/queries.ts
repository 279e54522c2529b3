import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';

/** The case's revision (the journal's last seq), part of every query key: any change to the case asks again. */
function useCaseRevision(caseId: string): number | null {
  return useCaseStamp(caseId).data?.revision ?? null;
}

export function useAlerts(caseId: string) {
  const revision = useCaseRevision(caseId);
  return useQuery({ queryKey: ['alerts', caseId, revision], queryFn: () => api.alerts.list({ caseId }), enabled: revision !== null });
}

export function useAlert(caseId: string, id: string) {
  const revision = useCaseRevision(caseId);
  // Its entities' verdicts change with entities.set: under the 'entities' key too, so setting one refreshes this.
  return useQuery({
    queryKey: ['entities', caseId, revision, 'alert', id],
    queryFn: () => api.alerts.get({ caseId, id }),
    enabled: revision !== null,
    // The same alert at the previous revision stays shown while the new answer comes (a note written on its page does not reload it).
    placeholderData: (previous, query) => (query?.queryKey[1] === caseId && query.queryKey[4] === id ? previous : undefined),
  });
}
