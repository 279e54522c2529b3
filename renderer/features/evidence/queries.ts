import { useQuery } from '@tanstack/react-query';
import type { EvidenceWrite } from '../../../shared/ipc/methods/evidence';
import { api } from '../../shared/api';
import { caseQueryKey } from '../../shared/caseRevision';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { runCommand } from '../../shared/readModel';

/** Evidence queries, keyed on the case's revision: any change to the case (a custody entry, a verification) asks again. */
export function useEvidenceList(caseId: string) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  return useQuery({
    queryKey: caseQueryKey(caseId, revision ?? -1, 'evidence'),
    queryFn: () => api.evidence.list({ caseId }),
    enabled: revision !== null,
    // The list stays on screen while a newer revision's is read: no flash of "Loading…" after each custody entry.
    placeholderData: (previous, query) => (query?.queryKey[1] === caseId ? previous : undefined),
  });
}

export function useEvidenceItem(caseId: string, itemId: string) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  return useQuery({
    queryKey: caseQueryKey(caseId, revision ?? -1, 'evidence', itemId),
    queryFn: () => api.evidence.get({ caseId, itemId }),
    enabled: revision !== null,
    // The same item stays on screen (and its buttons usable) while a newer revision's copy is read.
    placeholderData: (previous, query) => (query?.queryKey[1] === caseId && query.queryKey.at(-1) === itemId ? previous : undefined),
  });
}

/** Sends an evidence write and takes its changes (audit entries, the new revision) into the read model; returns its result. */
export async function recordEvidence<T>(send: () => Promise<EvidenceWrite<T>>): Promise<T> {
  let result: T | undefined;
  await runCommand(async () => {
    const written = await send();
    result = written.result;
    return written.changes;
  });
  return result as T;
}

/** A random id for a task the engine reports progress of. */
export function newTaskId(): string {
  // crypto.randomUUID needs a secure context; getRandomValues works everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `evidence-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Asks for a folder in the system dialog; null when cancelled. */
export async function chooseFolder(title: string): Promise<{ token: string; name: string } | null> {
  const { files } = await api.files.choose({ title, directory: true });
  return files[0] ?? null;
}
