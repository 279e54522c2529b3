import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { api } from '../api';
import { caseStampKey, newest, type CaseStamp } from '../caseRevision';

/**
 * The case's revision and counts: asked of the engine (cases.summary) when
 * nothing holds them yet, then advanced by every answer and case.changed
 * event (readModel.ts), never taken back by a slower answer.
 */
export function useCaseStamp(caseId: string): UseQueryResult<CaseStamp> {
  const client = useQueryClient();
  return useQuery({
    queryKey: caseStampKey(caseId),
    queryFn: async () => {
      const { revision, counts } = await api.cases.summary({ id: caseId });
      return newest(client.getQueryData<CaseStamp>(caseStampKey(caseId)), { revision, counts });
    },
  });
}
