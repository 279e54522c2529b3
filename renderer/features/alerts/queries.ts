import { useQuery } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { api } from '../../shared/api';
import { db } from '../../shared/db';

/** Changes with every import into the case: part of every query key. */
function useCaseRevision(caseId: string): string | null {
  const counts = useLiveQuery(() => db.counts.get(caseId), [caseId]);
  return counts ? `${counts.alerts}:${counts.entities}:${counts.evidence}` : null;
}

export function useAlerts(caseId: string) {
  const revision = useCaseRevision(caseId);
  return useQuery({ queryKey: ['alerts', caseId, revision], queryFn: () => api.alerts.list({ caseId }), enabled: revision !== null });
}

export function useAlert(caseId: string, id: string) {
  const revision = useCaseRevision(caseId);
  // Its entities' verdicts change with entities.set: under the 'entities' key too, so setting one refreshes this.
  return useQuery({ queryKey: ['entities', caseId, revision, 'alert', id], queryFn: () => api.alerts.get({ caseId, id }), enabled: revision !== null });
}
