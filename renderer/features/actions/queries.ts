import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { ActionChange } from '../../../shared/ipc/methods/actions';
import { api } from '../../shared/api';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { runCommand } from '../../shared/readModel';

export type ActionQuery = Input<'actions.list'>;

/** The case's actions at its current revision: any change to the case (a decision in another window) asks again. */
export function useActions(query: ActionQuery) {
  const revision = useCaseStamp(query.caseId).data?.revision ?? null;
  return useQuery({
    queryKey: ['actions', query.caseId, revision, 'list', query],
    queryFn: () => api.actions.list(query),
    enabled: revision !== null,
    placeholderData: keepPreviousData,
  });
}

/**
 * A command on actions, through the read model's one writer (its audit entries
 * join the Audit tab); then every action and entity answer of the case is asked
 * again (an outcome changes the target's remediation status).
 */
function useActionCommand<I>(caseId: string, send: (input: I) => Promise<ActionChange>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: I) => {
      let change: ActionChange | null = null;
      await runCommand(async () => {
        change = await send(input);
        return { audit: change.audit };
      });
      return change! as ActionChange;
    },
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['actions', caseId] }), client.invalidateQueries({ queryKey: ['entities', caseId] })]),
  });
}

type Without<M extends 'actions.propose' | 'actions.decide' | 'actions.complete' | 'actions.undo'> = Omit<Input<M>, 'caseId'>;

export const useProposeAction = (caseId: string) => useActionCommand(caseId, (input: Without<'actions.propose'>) => api.actions.propose({ caseId, ...input }));
export const useDecideActions = (caseId: string) => useActionCommand(caseId, (input: Without<'actions.decide'>) => api.actions.decide({ caseId, ...input }));
export const useCompleteAction = (caseId: string) =>
  useActionCommand(caseId, (input: Without<'actions.complete'>) => api.actions.complete({ caseId, ...input }));
export const useUndoAction = (caseId: string) => useActionCommand(caseId, (input: Without<'actions.undo'>) => api.actions.undo({ caseId, ...input }));
