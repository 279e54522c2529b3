import { useQuery } from '@tanstack/react-query';
import { EVIDENCE_KIND_LABELS, type EvidenceRow } from '../../../shared/domain/evidence';
import { api } from '../api';
import { caseQueryKey } from '../caseRevision';
import { useCaseStamp } from '../hooks/useCaseStamp';

/**
 * The case's evidence log (its items and the files its imports logged), for features that name
 * evidence without owning it (an action's outcome, a live-response session): the same query the
 * Evidence tab asks, keyed on the case revision.
 */
export function useEvidenceChoices(caseId: string) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  return useQuery({
    queryKey: caseQueryKey(caseId, revision ?? -1, 'evidence'),
    queryFn: () => api.evidence.list({ caseId }),
    enabled: revision !== null,
    placeholderData: (previous, query) => (query?.queryKey[1] === caseId ? previous : undefined),
  });
}

/** How an evidence row is named in a choice: its title, then its kind (an imported file says so). */
export function evidenceChoiceLabel(row: EvidenceRow): string {
  return `${row.title} (${row.kind === 'import' ? 'imported file' : EVIDENCE_KIND_LABELS[row.kind].toLowerCase()})`;
}

/** An evidence id as a person reads it: the item's title when the log has it, else the id itself. */
export function evidenceTitle(rows: readonly EvidenceRow[] | undefined, id: string): string {
  return rows?.find((r) => r.id === id)?.title ?? id;
}
