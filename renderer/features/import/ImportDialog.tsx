import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useReducer, useRef, type Dispatch, type RefObject } from 'react';
import { api } from '../../shared/api';
import { db } from '../../shared/db';
import { messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { announce, throttledAnnouncer } from '../../shared/ui/Announcer';
import { Dialog } from '../../shared/ui/Dialog';
import { firstField, focusFirst } from '../../shared/ui/focus';
import { ImportFooter } from './ImportFooter';
import { ImportOutcomes } from './ImportOutcomes';
import { ImportSetup } from './ImportSetup';
import { initialState, reducer, type Action, type ImportState } from './importState';
import { useImportRun } from './useImportRun';
import { usePreviews } from './usePreviews';
import './import.css';

/** A screen reader hears the progress at most this often; the bar itself updates on every report. */
const PROGRESS_EVERY_MS = 5000;

const CHOOSE = {
  title: 'Choose files to import',
  multiple: true,
  filters: [
    { name: 'Timelines and exports', extensions: ['csv', 'jsonl', 'ndjson', 'json', 'zip', 'txt', 'plaso'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

/**
 * Imports files into the open case, or (from the case list) into new cases:
 * choose files in the system dialog, check each one's preview and options,
 * import them one by one (each all or nothing), and read the reports.
 */
export function ImportDialog({ caseId }: { caseId: string | null }) {
  const closeDialog = useUi((s) => s.closeDialog);
  const openCase = useUi((s) => s.openCase);
  const target = useLiveQuery(() => (caseId ? db.cases.get(caseId) : undefined), [caseId]);
  const [state, dispatch] = useReducer(reducer, initialState);
  const addFiles = useChosenFiles(dispatch, closeDialog);
  usePreviews(state.files, dispatch, state.phase === 'setup');
  const run = useImportRun(caseId, dispatch);
  useImportAnnouncements(state, dispatch, run.running);
  const frame = usePhaseFocus(state.phase);
  const title = caseId ? `Import into “${target?.title ?? 'this case'}”` : 'Import into new cases';

  return (
    <Dialog
      title={title}
      onClose={closeDialog}
      className="dialog-import"
      busy={state.phase === 'importing'}
      // From an empty timeline the button that opened us is gone once events arrive: the grid is where they are.
      returnFocus={() => document.querySelector('[role="grid"][aria-label="Events"]')}
    >
      <div className="import-main" ref={frame}>
        {state.chooseError && <Alert tone="error">Could not show the file dialog: {state.chooseError}</Alert>}
        {state.phase === 'choosing' && !state.chooseError && (
          <p className="muted import-waiting">
            <span className="spinner" aria-hidden="true" /> Choose the files in the system dialog…
          </p>
        )}
        {state.phase === 'setup' && <ImportSetup state={state} dispatch={dispatch} caseId={caseId} />}
        {(state.phase === 'importing' || state.phase === 'finished') && (
          <ImportOutcomes state={state} caseId={caseId} onAnswer={run.answer} onOpenCase={caseId ? null : (id) => openCase(id)} />
        )}
      </div>
      <ImportFooter state={state} dispatch={dispatch} caseId={caseId} onAddFiles={addFiles} onStart={(files) => void run.start(files)} onCancel={run.cancel} />
    </Dialog>
  );
}

/** The system dialog opens with this one (cancelling it before any file was chosen closes both); answers "add more files". */
function useChosenFiles(dispatch: Dispatch<Action>, closeDialog: () => void): () => Promise<void> {
  const asked = useRef(false);
  const choose = useCallback(async () => {
    try {
      return (await api.files.choose(CHOOSE)).files;
    } catch (err) {
      dispatch({ type: 'choose-failed', message: messageOf(err) });
      return null;
    }
  }, [dispatch]);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void choose().then((files) => {
      if (files === null) return;
      if (files.length === 0) closeDialog();
      else dispatch({ type: 'chosen', files });
    });
  }, [choose, closeDialog, dispatch]);
  return async () => {
    const chosen = await choose();
    if (chosen?.length) dispatch({ type: 'chosen', files: chosen });
  };
}

/** Progress into the state (and to a screen reader, at most every PROGRESS_EVERY_MS); completion said aloud too. */
function useImportAnnouncements(state: ImportState, dispatch: Dispatch<Action>, running: RefObject<string | null>): void {
  const announceProgress = useMemo(() => throttledAnnouncer(PROGRESS_EVERY_MS), []);
  useEffect(
    () =>
      api.on('task.progress', (p) => {
        dispatch({ type: 'progress', taskId: p.taskId, progress: { done: p.done, total: p.total, records: p.records ?? 0 } });
        if (p.taskId === running.current && p.total) {
          announceProgress(`Importing: ${Math.min(100, Math.floor((p.done / p.total) * 100))}%, ${formatCount(p.records ?? 0)} records.`);
        }
      }),
    [announceProgress, dispatch, running],
  );
  // Completion is shown in the dialog; say it too (failures are alerts, read anyway).
  useEffect(() => {
    if (state.phase !== 'finished') return;
    const done = state.files.filter((f) => f.outcome?.status === 'done').length;
    const other = state.files.filter((f) => f.outcome && f.outcome.status !== 'done').length;
    announce(`Import finished: ${done} file${done === 1 ? '' : 's'} imported${other ? `, ${other} not imported` : ''}.`);
    // Only when the phase changes (state.files is read, not watched).
  }, [state.phase]);
}

/** Each phase swaps the footer's buttons, so the one that had focus is gone: focus goes to the phase's main control. */
function usePhaseFocus(phase: ImportState['phase']): RefObject<HTMLDivElement | null> {
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = frame.current?.closest('dialog');
    if (!root) return;
    const inside = root.contains(document.activeElement) && document.activeElement !== root.querySelector('.dialog-header button');
    if (phase === 'setup' && !inside) focusFirst(frame.current && firstField(frame.current));
    if (phase === 'importing') focusFirst(root.querySelector('[data-role="cancel-import"]'));
    if (phase === 'finished') focusFirst(root.querySelector('[data-role="finish"]'));
  }, [phase]);
  return frame;
}
