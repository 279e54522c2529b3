import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { CaseCounts, CaseRevision } from '../../shared/ipc/contract';

/**
 * Engine-backed queries of a case are keyed on its revision (CaseRevision in
 * the contract: the journal's last seq). A query of one revision never goes
 * stale: the answer to the same question about the same revision is the same.
 * A change to the case (a command's answer, or the engine's case.changed
 * event) advances the revision held under caseStampKey, and every view keyed
 * on it asks again; queries of older revisions are invalidated.
 */

/** What the renderer holds of a case's revision: the revision and the counts at it. */
export interface CaseStamp {
  revision: number;
  counts: CaseCounts;
}

/** Where a case's stamp is held (its query asks cases.summary). */
export const caseStampKey = (caseId: string) => ['case', caseId, 'stamp'] as const;

/** The key of a query about a case at one revision: ['case', id, 'at', revision, ...what is asked]. */
export const caseQueryKey = (caseId: string, revision: number, ...question: readonly unknown[]): QueryKey => ['case', caseId, 'at', revision, ...question];

/** The revision a case query key names, or null for another key. */
export function revisionOfKey(key: QueryKey, caseId: string): number | null {
  return key[0] === 'case' && key[1] === caseId && key[2] === 'at' && typeof key[3] === 'number' ? key[3] : null;
}

/** The later of two stamps: answers and events may arrive out of order, and a revision never goes back. */
export function newest(held: CaseStamp | undefined, next: CaseStamp): CaseStamp {
  return held && held.revision >= next.revision ? held : next;
}

/**
 * Takes a case's revision from an answer or an event: advances the case's
 * stamp (never back) and invalidates its queries of older revisions.
 * Says whether the revision was new.
 */
export function advanceRevision(client: QueryClient, { caseId, revision, counts }: CaseRevision): boolean {
  const held = client.getQueryData<CaseStamp>(caseStampKey(caseId));
  if (held && held.revision >= revision) return false;
  client.setQueryData<CaseStamp>(caseStampKey(caseId), { revision, counts });
  void client.invalidateQueries({
    predicate: (query) => {
      const at = revisionOfKey(query.queryKey, caseId);
      return at !== null && at < revision;
    },
  });
  return true;
}
