import type { Dispatch } from 'react';
import { useUi } from '../../shared/store';
import { Button } from '../../shared/ui/Button';
import type { Action, FileEntry, ImportState } from './importState';

interface Props {
  state: ImportState;
  dispatch: Dispatch<Action>;
  caseId: string | null;
  onAddFiles: () => void;
  onStart: (files: FileEntry[]) => void;
  onCancel: () => void;
}

/** What the import goes into, and the buttons of the phase: set up, importing, finished. */
export function ImportFooter({ state, dispatch, caseId, onAddFiles, onStart, onCancel }: Props) {
  const closeDialog = useUi((s) => s.closeDialog);
  const setTab = useUi((s) => s.setWorkspaceTab);
  const pending = state.files.filter((f) => f.outcome?.status !== 'done');
  return (
    <footer className="import-footer">
      <span className="muted import-target">
        {caseId ? 'Each file is imported into this case, all or nothing.' : 'Each file becomes a new case (or one case per incident it holds), all or nothing.'}
      </span>
      <span className="spacer" />
      {state.phase === 'setup' && (
        <>
          <Button onClick={onAddFiles}>Add files…</Button>
          <Button onClick={closeDialog}>Cancel</Button>
          <Button variant="primary" disabled={pending.length === 0} onClick={() => onStart(pending)}>
            {pending.length > 1 ? `Import ${pending.length} files` : 'Import'}
          </Button>
        </>
      )}
      {state.phase === 'choosing' && <Button onClick={closeDialog}>Cancel</Button>}
      {state.phase === 'importing' && (
        <Button
          variant="danger"
          data-role="cancel-import"
          onClick={onCancel}
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
  );
}
