import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EntityListQuery, EntityVerdict } from '../../../shared/domain/entities';
import type { RemediationStatus } from '../../../shared/domain/actions';
import { api } from '../../shared/api';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { runCommand } from '../../shared/readModel';

/** The case's revision (the journal's last seq), part of every query key: any change to the case asks again. */
export function useCaseRevision(caseId: string): number | null {
  return useCaseStamp(caseId).data?.revision ?? null;
}

export function useEntityList(query: EntityListQuery) {
  const revision = useCaseRevision(query.caseId);
  return useQuery({
    queryKey: ['entities', query.caseId, revision, 'list', query],
    queryFn: () => api.entities.list(query),
    enabled: revision !== null,
    // A new filter keeps the old rows on screen until its answer comes, so the table does not blink.
    placeholderData: keepPreviousData,
  });
}

export function useEntity(caseId: string, id: string) {
  const revision = useCaseRevision(caseId);
  return useQuery({
    queryKey: ['entities', caseId, revision, 'get', id],
    queryFn: () => api.entities.get({ caseId, id }),
    enabled: revision !== null,
    // The same entity at the previous revision stays shown while the new answer comes (a note or a verdict does not reload the page).
    placeholderData: (previous, query) => (query?.queryKey[1] === caseId && query.queryKey[4] === id ? previous : undefined),
  });
}

/** Its latest events, for the entity page's event list. */
export function useEntityEvents(caseId: string, entity: string | undefined) {
  const revision = useCaseRevision(caseId);
  return useQuery({
    queryKey: ['entities', caseId, revision, 'events', entity],
    queryFn: () => api.timeline.page({ caseId, filter: { entity }, limit: 50, order: 'desc' }),
    enabled: revision !== null && entity !== undefined,
  });
}

export interface EntityChange {
  ids: string[];
  verdict?: EntityVerdict | null;
  addTags?: string[];
  removeTags?: string[];
  remediation?: RemediationStatus | null;
}

/** Sets verdicts and tags (one journal record), then asks again for every entity answer of the case. */
export function useSetEntities(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    // Through the read model's one writer: the audit entry it answers with joins the Audit tab.
    mutationFn: (change: EntityChange) => runCommand(() => api.entities.set({ caseId, ...change })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['entities', caseId] }),
  });
}
