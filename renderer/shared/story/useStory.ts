import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../shared/ipc/contract';
import type { CaseStory } from '../../../shared/domain/story';
import { api } from '../api';
import { caseQueryKey } from '../caseRevision';
import { useCaseStamp } from '../hooks/useCaseStamp';
import { runCommand } from '../readModel';

/**
 * The case's story (story.get), keyed on the case's revision like every
 * engine query: a note, a mark or a session written anywhere asks again. In
 * renderer/shared because the timeline, entity and alert pages show parts of
 * it (marks, notes, sessions) without importing the story feature.
 */
export function useStory(caseId: string) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  return useQuery<CaseStory>({
    queryKey: caseQueryKey(caseId, revision ?? -1, 'story'),
    queryFn: () => api.story.get({ caseId }),
    enabled: revision !== null,
    // The story of the previous revision (of this case, never another's) stays on screen until the new one comes:
    // views, and the forms in them, are not unmounted meanwhile.
    placeholderData: (previous, query) => (query?.queryKey[1] === caseId ? previous : undefined),
  });
}

/** Story commands, through the read model's one writer (their audit entries join the Audit tab); then the story is asked again. */
export function useStoryCommands(caseId: string) {
  const client = useQueryClient();
  // Not awaited: the form that sent the command closes at once; the case's new revision (case.changed) asks again too.
  const done = () => void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'case' && q.queryKey[1] === caseId && q.queryKey.includes('story') });
  const annotate = useMutation({
    mutationFn: (input: Omit<Input<'story.annotate'>, 'caseId'>) => runCommand(async () => (await api.story.annotate({ caseId, ...input })).changes),
    onSuccess: done,
  });
  const writeNote = useMutation({
    mutationFn: (input: Omit<Input<'story.writeNote'>, 'caseId'>) => runCommand(async () => (await api.story.writeNote({ caseId, ...input })).changes),
    onSuccess: done,
  });
  const recordLive = useMutation({
    mutationFn: (input: Omit<Input<'story.recordLive'>, 'caseId'>) => runCommand(async () => (await api.story.recordLive({ caseId, ...input })).changes),
    onSuccess: done,
  });
  return { annotate, writeNote, recordLive };
}
