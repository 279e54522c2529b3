import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useReducer, useRef, type Dispatch } from 'react';
import { api } from '../../shared/api';
import { db } from '../../shared/db';
import { codeOf, messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { importFile } from '../../shared/readModel';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { announce, throttledAnnouncer } from '../../shared/ui/Announcer';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { firstField, focusFirst } from '../../shared/ui/focus';
import { newTaskId } from './formats';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import { engineMessage, initialState, mappingOf, reducer, shownPreview, type Action, type FileEntry, type ImportState } from './importState';
import { PreviewPanel } from './PreviewPanel';
import { DuplicatePrompt, type DuplicateAnswer } from './DuplicatePrompt';
import type { DuplicateChoice } from '../../../shared/domain/duplicates';
import { usePreviews } from './usePreviews';
import './import.css';
import { recordSwallowed } from '../../shared/diagnostics';

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
  const setTab = useUi((s) => s.setWorkspaceTab);
  const target = useLiveQuery(() => (caseId ? db.cases.get(caseId) : undefined), [caseId]);
  const [state, dispatch] = useReducer(reducer, initialState);
  const asked = useRef(false);
  const running = useRef<string | null>(null);
  const cancelled = useRef(false);
  /** Answers the duplicate question of the file being imported (DuplicatePrompt), while one is asked. */
  const answer = useRef<((a: DuplicateAnswer) => void) | null>(null);

  const choose = useCallback(async () => {
    try {
      const { files } = await api.files.choose(CHOOSE);
      return files;
    } catch (err) {
      dispatch({ type: 'choose-failed', message: messageOf(err) });
      return null;
    }
  }, []);

  // The system dialog opens with this one; cancelling it before any file was chosen closes both.
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void choose().then((files) => {
      if (files === null) return;
      if (files.length === 0) closeDialog();
      else dispatch({ type: 'chosen', files });
    });
  }, [choose, closeDialog]);

  usePreviews(state.files, dispatch, state.phase === 'setup');

  const announceProgress = useMemo(() => throttledAnnouncer(PROGRESS_EVERY_MS), []);
  useEffect(
    () =>
      api.on('task.progress', (p) => {
        dispatch({ type: 'progress', taskId: p.taskId, progress: { done: p.done, total: p.total, records: p.records ?? 0 } });
        if (p.taskId === running.current && p.total) {
          announceProgress(`Importing: ${Math.min(100, Math.floor((p.done / p.total) * 100))}%, ${formatCount(p.records ?? 0)} records.`);
        }
      }),
    [announceProgress],
  );

  // Each phase swaps the footer's buttons, so the one that had focus is gone: hand it to the phase's main control.
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = frame.current?.closest('dialog');
    if (!root) return;
    const inside = root.contains(document.activeElement) && document.activeElement !== root.querySelector('.dialog-header button');
    if (state.phase === 'setup' && !inside) focusFirst(frame.current && firstField(frame.current));
    if (state.phase === 'importing') focusFirst(root.querySelector('[data-role="cancel-import"]'));
    if (state.phase === 'finished') focusFirst(root.querySelector('[data-role="finish"]'));
  }, [state.phase]);

  // Completion is shown in the dialog; say it too (failures are alerts, read anyway).
  useEffect(() => {
    if (state.phase !== 'finished') return;
    const done = state.files.filter((f) => f.outcome?.status === 'done').length;
    const other = state.files.filter((f) => f.outcome && f.outcome.status !== 'done').length;
    announce(`Import finished: ${done} file${done === 1 ? '' : 's'} imported${other ? `, ${other} not imported` : ''}.`);
    // Only when the phase changes (state.files is read, not watched).
  }, [state.phase]);

  // Leaving the dialog (it was closed some other way) must not leave an import running unseen.
  useEffect(
    () => () => {
      if (running.current) void api.import.cancel({ taskId: running.current }).catch(recordSwallowed('import.cancel-on-leave'));
    },
    [],
  );

  const addFiles = async () => {
    const chosen = await choose();
    if (chosen?.length) dispatch({ type: 'chosen', files: chosen });
  };

  const start = async (files: FileEntry[]) => {
    cancelled.current = false;
    dispatch({ type: 'start', tokens: files.map((f) => f.token) });
    for (const file of files) {
      if (cancelled.current) {
        dispatch({ type: 'outcome', token: file.token, outcome: { status: 'not-started' } });
        continue;
      }
      const taskId = newTaskId();
      running.current = taskId;
      dispatch({ type: 'running', token: file.token, taskId });
      const preview = shownPreview(file);
      const mapping = mappingOf(file.options, preview?.format ?? null);
      const duplicate = await askIfDuplicate(file);
      if (duplicate === 'skip') {
        dispatch({ type: 'outcome', token: file.token, outcome: { status: cancelled.current ? 'not-started' : 'skipped' } });
        continue;
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
        } else {
          dispatch({ type: 'outcome', token: file.token, outcome: { status: 'failed', message: engineMessage(err) } });
        }
      } finally {
        running.current = null;
      }
    }
    dispatch({ type: 'finished' });
  };

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

  const cancel = () => {
    const taskId = running.current;
    cancelled.current = true;
    answer.current?.('skip');
    if (!taskId) return;
    dispatch({ type: 'cancelling', taskId });
    void api.import.cancel({ taskId }).catch(recordSwallowed('import.cancel'));
  };

  const pending = state.files.filter((f) => f.outcome?.status !== 'done');
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
        {state.phase === 'setup' && <Setup state={state} dispatch={dispatch} caseId={caseId} />}
        {(state.phase === 'importing' || state.phase === 'finished') && (
          <Outcomes state={state} caseId={caseId} onAnswer={(a) => answer.current?.(a)} onOpenCase={caseId ? null : (id) => openCase(id)} />
        )}
      </div>
      <footer className="import-footer">
        <span className="muted import-target">
          {caseId
            ? 'Each file is imported into this case, all or nothing.'
            : 'Each file becomes a new case (or one case per incident it holds), all or nothing.'}
        </span>
        <span className="spacer" />
        {state.phase === 'setup' && (
          <>
            <Button onClick={addFiles}>Add files…</Button>
            <Button onClick={closeDialog}>Cancel</Button>
            <Button variant="primary" disabled={pending.length === 0} onClick={() => void start(pending)}>
              {pending.length > 1 ? `Import ${pending.length} files` : 'Import'}
            </Button>
          </>
        )}
        {state.phase === 'choosing' && <Button onClick={closeDialog}>Cancel</Button>}
        {state.phase === 'importing' && (
          <Button
            variant="danger"
            data-role="cancel-import"
            onClick={cancel}
            busy={state.files.some((f) => f.outcome?.status === 'running' && f.outcome.cancelling)}
          >
            Cancel import
          </Button>
        )}
        {state.phase === 'finished' && (
          <>
            {state.files.some((f) => f.outcome?.status !== 'done') && <Button onClick={() => dispatch({ type: 'back' })}>Change options and retry</Button>}
            {caseId && state.files.some((f) => f.outcome?.status === 'done') ? (
              <Button
                variant="primary"
                data-role="finish"
                onClick={() => {
                  setTab('timeline');
                  closeDialog();
                }}
              >
                Show the timeline
              </Button>
            ) : (
              <Button variant="primary" data-role="finish" onClick={closeDialog}>
                Done
              </Button>
            )}
          </>
        )}
      </footer>
    </Dialog>
  );
}

function Setup({ state, dispatch, caseId }: { state: ImportState; dispatch: Dispatch<Action>; caseId: string | null }) {
  const file = state.files[state.selected];
  return (
    <div className={state.files.length > 1 ? 'import-setup has-list' : 'import-setup'}>
      {state.files.length > 1 && (
        <ul className="import-files" aria-label="Files to import">
          {state.files.map((f, i) => (
            <li key={f.token}>
              <button
                type="button"
                className="import-file"
                aria-current={i === state.selected ? 'true' : undefined}
                onClick={() => dispatch({ type: 'select', index: i })}
                title={f.name}
              >
                <span className="cell-ellipsis">{f.name}</span>
                <FileBadge file={f} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {file && (
        <div className="import-file-panel">
          <div className="import-file-head">
            <h3 className="import-file-name" title={file.name}>
              {file.name}
            </h3>
            {file.outcome?.status === 'done' ? (
              <span className="badge status status-resolved">Imported</span>
            ) : (
              state.files.length > 1 && (
                <Button variant="ghost" onClick={() => dispatch({ type: 'remove', token: file.token })}>
                  Remove
                </Button>
              )
            )}
          </div>
          {file.outcome?.status === 'done' ? (
            <p className="muted">Already imported{caseId ? ' into this case' : ''}; it will not be imported again.</p>
          ) : (
            <PreviewPanel key={file.token} file={file} onOptions={(change) => dispatch({ type: 'options', token: file.token, change })} />
          )}
        </div>
      )}
    </div>
  );
}

function FileBadge({ file }: { file: FileEntry }) {
  if (file.outcome?.status === 'done') return <span className="file-badge ok">imported</span>;
  if (file.preview.status === 'loading') return <span className="file-badge">reading…</span>;
  if (file.preview.status === 'error') return <span className="file-badge bad">problem</span>;
  return file.preview.value.problems.length ? <span className="file-badge bad">{file.preview.value.problems.length} problems</span> : null;
}

interface OutcomesProps {
  state: ImportState;
  caseId: string | null;
  onAnswer: (answer: DuplicateAnswer) => void;
  onOpenCase: ((caseId: string) => void) | null;
}

function Outcomes({ state, caseId, onAnswer, onOpenCase }: OutcomesProps) {
  return (
    <div className="outcomes">
      {state.files.map((file) => {
        const outcome = file.outcome;
        if (!outcome) return null;
        switch (outcome.status) {
          case 'queued':
            return (
              <p key={file.token} className="muted">
                {file.name}: waiting
              </p>
            );
          case 'running':
            return <ImportProgress key={file.token} name={file.name} progress={outcome.progress} />;
          case 'done':
            return <ImportReportView key={file.token} report={outcome.report} onOpenCase={onOpenCase} />;
          case 'cancelled':
            return (
              <Alert key={file.token} tone="info">
                Import of {file.name} cancelled, nothing was imported.
              </Alert>
            );
          case 'duplicate':
            return <DuplicatePrompt key={file.token} name={file.name} check={outcome.check} caseId={caseId} onAnswer={onAnswer} />;
          case 'skipped':
            return (
              <p key={file.token} className="muted">
                {file.name}: skipped, it repeats an earlier import.
              </p>
            );
          case 'not-started':
            return (
              <p key={file.token} className="muted">
                {file.name}: not imported (an earlier import was cancelled).
              </p>
            );
          case 'failed':
            return (
              <Alert key={file.token} tone="error">
                <strong>Import of {file.name} failed. Nothing from it was imported.</strong>
                <span className="pre-wrap import-error">{outcome.message}</span>
              </Alert>
            );
        }
      })}
    </div>
  );
}
