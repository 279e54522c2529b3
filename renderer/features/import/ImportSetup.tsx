import type { Dispatch } from 'react';
import { Button } from '../../shared/ui/Button';
import type { Action, FileEntry, ImportState } from './importState';
import { PreviewPanel } from './PreviewPanel';

/** Before the import: the chosen files (a list when there are several) and the chosen one's preview and options. */
export function ImportSetup({ state, dispatch, caseId }: { state: ImportState; dispatch: Dispatch<Action>; caseId: string | null }) {
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

/** Where a file of the list is at: imported, being read, or how many problems its preview found. */
function FileBadge({ file }: { file: FileEntry }) {
  if (file.outcome?.status === 'done') return <span className="file-badge ok">imported</span>;
  if (file.preview.status === 'loading') return <span className="file-badge">reading…</span>;
  if (file.preview.status === 'error') return <span className="file-badge bad">problem</span>;
  return file.preview.value.problems.length ? <span className="file-badge bad">{file.preview.value.problems.length} problems</span> : null;
}
