import { useEffect, useRef, type Dispatch, type RefObject } from 'react';
import { api } from '../../shared/api';
import { recordSwallowed } from '../../shared/diagnostics';
import { codeOf } from '../../shared/errors';
import { importFile } from '../../shared/readModel';
import type { DuplicateChoice } from '../../../shared/domain/duplicates';
import type { DuplicateAnswer } from './DuplicatePrompt';
import { newTaskId } from './formats';
import { engineMessage, mappingOf, shownPreview, type Action, type FileEntry } from './importState';

export interface ImportRun {
  /** Imports the files one by one, each all or nothing, asking first when one repeats an earlier import. */
  start: (files: FileEntry[]) => Promise<void>;
  /** Stops the running import and leaves the files after it unstarted. */
  cancel: () => void;
  /** Answers the duplicate question of the file being imported, while one is asked. */
  answer: (answer: DuplicateAnswer) => void;
  /** The task id of the import running now, if any. */
  running: RefObject<string | null>;
}

/** Running the dialog's imports: the files in turn, the duplicate question, cancelling (also on leaving the dialog). */
export function useImportRun(caseId: string | null, dispatch: Dispatch<Action>): ImportRun {
  const running = useRef<string | null>(null);
  const cancelled = useRef(false);
  const answer = useRef<((a: DuplicateAnswer) => void) | null>(null);

  // Leaving the dialog (it was closed some other way) must not leave an import running unseen.
  useEffect(
    () => () => {
      if (running.current) void api.import.cancel({ taskId: running.current }).catch(recordSwallowed('import.cancel-on-leave'));
    },
    [],
  );

  /**
   * Whether the file repeats an earlier import (its SHA-256 in the case, or an incident already a case): if so,
   * asks what to do. A failed check is no answer: the import refuses a duplicate itself, and says why.
   */
  const askIfDuplicate = async (file: FileEntry): Promise<DuplicateChoice | 'skip'> => {
    const check = await api.import
      .duplicates({ file: file.token, ...(caseId ? { caseId } : {}), ...(file.options.format ? { format: file.options.format } : {}) })
      .catch(() => null);
    if (!check?.duplicates.length || cancelled.current) return cancelled.current ? 'skip' : 'refuse';
    dispatch({ type: 'outcome', token: file.token, outcome: { status: 'duplicate', check } });
    const choice = await new Promise<DuplicateAnswer>((resolve) => (answer.current = resolve));
    answer.current = null;
    return choice;
  };

  const importOne = async (file: FileEntry) => {
    const taskId = newTaskId();
    running.current = taskId;
    dispatch({ type: 'running', token: file.token, taskId });
    const mapping = mappingOf(file.options, shownPreview(file)?.format ?? null);
    const duplicate = await askIfDuplicate(file);
    if (duplicate === 'skip') {
      dispatch({ type: 'outcome', token: file.token, outcome: { status: cancelled.current ? 'not-started' : 'skipped' } });
      return;
    }
    dispatch({ type: 'running', token: file.token, taskId });
    try {
      const report = await importFile({
        duplicate,
        taskId,
        file: file.token,
        ...(caseId ? { caseId } : {}),
        ...(file.options.format ? { format: file.options.format } : {}),
        timezone: file.options.timezone,
        skipInvalid: file.options.skipInvalid,
        ...(mapping ? { mapping } : {}),
      });
      dispatch({ type: 'outcome', token: file.token, outcome: { status: 'done', report } });
    } catch (err) {
      if (codeOf(err) === 'cancelled') {
        cancelled.current = true;
        dispatch({ type: 'outcome', token: file.token, outcome: { status: 'cancelled' } });
      } else dispatch({ type: 'outcome', token: file.token, outcome: { status: 'failed', message: engineMessage(err) } });
    } finally {
      running.current = null;
    }
  };

  const start = async (files: FileEntry[]) => {
    cancelled.current = false;
    dispatch({ type: 'start', tokens: files.map((f) => f.token) });
    for (const file of files) {
      if (cancelled.current) dispatch({ type: 'outcome', token: file.token, outcome: { status: 'not-started' } });
      else await importOne(file);
    }
    dispatch({ type: 'finished' });
  };

  const cancel = () => {
    const taskId = running.current;
    cancelled.current = true;
    answer.current?.('skip');
    if (!taskId) return;
    dispatch({ type: 'cancelling', taskId });
    void api.import.cancel({ taskId }).catch(recordSwallowed('import.cancel'));
  };

  return { start, cancel, answer: (a) => answer.current?.(a), running };
}
