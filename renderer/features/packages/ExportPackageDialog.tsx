import { useEffect, useState } from 'react';
import type { PackageExportResult } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatCount, formatMiB } from '../../shared/format';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { draftProblems, EMPTY_DRAFT, encryptTo, redactionOf, selectionOf, type ExportDraft } from './exportDraft';
import { RecipientFields, SelectionFields } from './ExportOptions';
import { newTaskId } from './taskId';
import './packages.css';

interface Running {
  taskId: string;
  done: number;
  total: number | null;
}

/**
 * Exports the open case as an encrypted package: to examiners' age keys or a
 * passphrase, signed or not, whole or a selection, with fields redacted. The
 * file is chosen in the save dialog; progress shows events written, and
 * Cancel stops the export leaving no file.
 */
export function ExportPackageDialog({ caseId, title }: { caseId: string; title: string }) {
  const closeDialog = useUi((state) => state.closeDialog);
  const [draft, setDraft] = useState<ExportDraft>(EMPTY_DRAFT);
  const [tried, setTried] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [result, setResult] = useState<PackageExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const problems = tried ? draftProblems(draft) : {};
  const taskId = running?.taskId;

  useEffect(() => {
    if (!taskId) return;
    return api.on('task.progress', (p) => {
      if (p.taskId === taskId) setRunning((r) => (r ? { ...r, done: p.done, total: p.total } : r));
    });
  }, [taskId]);

  const start = async () => {
    setTried(true);
    setError(null);
    if (Object.keys(draftProblems(draft)).length) return;
    try {
      const { file } = await api.files.save({
        title: 'Save the case package',
        defaultName: `${title.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'case'}.cbpkg`,
      });
      if (!file) return;
      const id = newTaskId('export');
      setRunning({ taskId: id, done: 0, total: null });
      setResult(
        await api.packages.export({
          taskId: id,
          caseId,
          out: file.token,
          to: encryptTo(draft),
          sign: draft.sign,
          selection: selectionOf(draft),
          redact: redactionOf(draft),
        }),
      );
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setRunning(null);
    }
  };

  return (
    <Dialog title="Export case package" onClose={closeDialog} className="dialog-wide dialog-package-export" busy={running !== null}>
      {result ? (
        <ExportDone result={result} onClose={closeDialog} />
      ) : (
        <form
          className="stack package-export"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <p className="muted">
            One age-encrypted file holding a plain tar: manifest, journal with its chain, events as Timesketch JSONL and SHA256SUMS. The recipients open it with
            Casebook or with <span className="mono">age -d</span>.
          </p>
          <RecipientFields draft={draft} problems={problems} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
          <SelectionFields caseId={caseId} draft={draft} problems={problems} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
          {running && <ExportProgress running={running} />}
          {error && <Alert tone="error">{error}</Alert>}
          <div className="actions">
            {running ? (
              <Button onClick={() => void api.packages.cancel({ taskId: running.taskId })}>Cancel export</Button>
            ) : (
              <Button onClick={closeDialog}>Close</Button>
            )}
            <Button type="submit" variant="primary" busy={running !== null}>
              {running ? 'Exporting…' : 'Export…'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function ExportProgress({ running }: { running: Running }) {
  const percent = running.total ? Math.min(100, Math.floor((running.done / running.total) * 100)) : null;
  return (
    <div className="import-progress">
      <div className="progress-label">
        <span>Writing the package</span>
        <span className="mono muted">
          {running.total ? `${formatCount(running.done)} of ${formatCount(running.total)} events (${percent}%)` : 'Reading the journal…'}
        </span>
      </div>
      <div
        className={`progress${percent === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label="Writing the package"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}

function ExportDone({ result, onClose }: { result: PackageExportResult; onClose: () => void }) {
  const m = result.manifest;
  return (
    <div className="stack" data-testid="export-done">
      <Alert tone="success">
        Package written: {formatCount(result.records)} journal records, {formatCount(result.events)} events, {formatMiB(result.bytes)} MiB
        {result.signed ? ', signed' : ''}.
      </Alert>
      <dl className="facts">
        <dt>File</dt>
        <dd className="mono selectable">{result.file.split(/[\\/]/).pop()}</dd>
        <dt>SHA-256 of the file</dt>
        <dd className="mono selectable">{result.sha256}</dd>
        <dt>Journal head</dt>
        <dd className="mono selectable">{m.journal.head ?? '—'}</dd>
        {m.redaction && (
          <>
            <dt>Redacted</dt>
            <dd>
              {Object.entries(m.redaction.placeholders)
                .map(([f, n]) => `${f}: ${n} value${n === 1 ? '' : 's'}`)
                .join('; ')}
            </dd>
          </>
        )}
      </dl>
      <div className="actions">
        <Button variant="primary" onClick={onClose} autoFocus>
          Done
        </Button>
      </div>
    </div>
  );
}
