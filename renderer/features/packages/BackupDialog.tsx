import { useEffect, useState } from 'react';
import type { VaultBackupResult } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatBytes, formatCount } from '../../shared/format';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { draftProblems, EMPTY_DRAFT, encryptTo, type ExportDraft } from './exportDraft';
import { RecipientFields } from './ExportOptions';
import { newTaskId } from './taskId';
import './packages.css';

interface Running {
  taskId: string;
  bytes: number;
  totalBytes: number | null;
  files: number;
}

/** backup-2026-12-03T1841Z.cbbak: the date and time (UTC) in the name, so backups sort and say when they were taken. */
export function backupFileName(now: Date): string {
  return `casebook-vault-${now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}Z.cbbak`;
}

/**
 * The whole vault as one age-encrypted file, to examiners' age keys or a
 * passphrase: every case, its journal, timeline and evidence, as sealed on
 * disk. Progress in bytes and files; Cancel stops it and leaves no file.
 */
export function BackupDialog() {
  const closeDialog = useUi((state) => state.closeDialog);
  const [draft, setDraft] = useState<ExportDraft>({ ...EMPTY_DRAFT, sign: false });
  const [tried, setTried] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [result, setResult] = useState<VaultBackupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const problems = tried ? draftProblems(draft) : {};
  const taskId = running?.taskId;

  useEffect(() => {
    if (!taskId) return;
    return api.on('task.progress', (p) => {
      if (p.taskId === taskId) setRunning((r) => (r ? { ...r, bytes: p.done, totalBytes: p.total, files: p.records ?? r.files } : r));
    });
  }, [taskId]);

  const start = async () => {
    setTried(true);
    setError(null);
    if (Object.keys(draftProblems(draft)).length) return;
    try {
      const { file } = await api.files.save({
        title: 'Save the vault backup',
        defaultName: backupFileName(new Date()),
        filters: [{ name: 'Casebook backups', extensions: ['cbbak'] }],
      });
      if (!file) return;
      const id = newTaskId('backup');
      setRunning({ taskId: id, bytes: 0, totalBytes: null, files: 0 });
      setResult(await api.backup.create({ taskId: id, out: file.token, to: encryptTo(draft) }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setRunning(null);
    }
  };

  return (
    <Dialog title="Back up the vault" onClose={closeDialog} className="dialog-wide" busy={running !== null}>
      {result ? (
        <BackupDone result={result} onClose={closeDialog} />
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
            Every case of this vault (journals, timelines, evidence, settings) as one age-encrypted file, the files as sealed on disk with a SHA256SUMS. It is
            restored into an empty folder, and opened there with this vault’s passphrase.
          </p>
          {/* Whom it is encrypted to cannot change while it is being written. */}
          <fieldset className="bare-fieldset" disabled={running !== null}>
            <legend className="sr-only">Backup options</legend>
            <RecipientFields draft={draft} problems={problems} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} signable={false} />
          </fieldset>
          {running && <BackupProgress running={running} />}
          {error && <Alert tone="error">{error}</Alert>}
          <div className="actions">
            {running ? (
              <Button onClick={() => void api.backup.cancel({ taskId: running.taskId })}>Cancel backup</Button>
            ) : (
              <Button onClick={closeDialog}>Close</Button>
            )}
            <Button type="submit" variant="primary" busy={running !== null}>
              {running ? 'Backing up…' : 'Back up…'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function BackupProgress({ running }: { running: Running }) {
  const percent = running.totalBytes ? Math.min(100, Math.floor((running.bytes / running.totalBytes) * 100)) : null;
  return (
    <div className="import-progress" data-testid="backup-progress">
      <div className="progress-label">
        <span>Writing the backup</span>
        <span className="mono muted">
          {running.totalBytes
            ? `${formatBytes(running.bytes)} of ${formatBytes(running.totalBytes)} · ${formatCount(running.files)} files (${percent}%)`
            : 'Listing the vault’s files…'}
        </span>
      </div>
      <div
        className={`progress${percent === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label="Writing the backup"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}

function BackupDone({ result, onClose }: { result: VaultBackupResult; onClose: () => void }) {
  return (
    <div className="stack" data-testid="backup-done">
      <Alert tone="success">
        Backup written: {formatCount(result.files)} vault files, {formatBytes(result.bytes)}.
      </Alert>
      <dl className="facts">
        <dt>File</dt>
        <dd className="mono selectable">{result.file.split(/[\\/]/).pop()}</dd>
        <dt>SHA-256 of the file</dt>
        <dd className="mono selectable identity-key">{result.sha256}</dd>
      </dl>
      <p className="muted">Note the SHA-256 down beside the file: it shows later that the backup is the one written today.</p>
      <div className="actions">
        <Button variant="primary" onClick={onClose} autoFocus>
          Done
        </Button>
      </div>
    </div>
  );
}
