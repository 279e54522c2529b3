import { useState } from 'react';
import type { SaveTarget } from '../../../shared/domain/exports';
import type { VaultBackupResult } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatBytes, formatCount } from '../../shared/format';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { TextAreaField, TextField } from '../../shared/ui/fields';
import './packages.css';

const CHOOSE_BACKUP = {
  title: 'Choose a vault backup',
  filters: [
    { name: 'Casebook backups', extensions: ['cbbak', 'age'] },
    { name: 'Any file', extensions: ['*'] },
  ],
};

type OpenWith = 'own' | 'passphrase' | 'identity';

/**
 * Restores a vault backup into an empty folder the user chooses (a folder
 * holding anything is refused, and nothing is written to it), every file
 * checked against the backup's SHA256SUMS before any is written; then offers
 * to open the restored vault, which locks this one.
 */
export function RestoreDialog({ onOpened }: { onOpened: () => Promise<void> }) {
  const closeDialog = useUi((state) => state.closeDialog);
  const [backup, setBackup] = useState<{ token: string; name: string } | null>(null);
  const [folder, setFolder] = useState<SaveTarget | null>(null);
  const [openWith, setOpenWith] = useState<OpenWith>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [identity, setIdentity] = useState('');
  const [busy, setBusy] = useState<'choose' | 'restore' | 'open' | null>(null);
  const [result, setResult] = useState<VaultBackupResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: 'choose' | 'restore' | 'open', fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };
  const chooseBackup = () =>
    run('choose', async () => {
      const [chosen] = (await api.files.choose(CHOOSE_BACKUP)).files;
      if (chosen) setBackup(chosen);
    });
  const chooseFolder = () =>
    run('choose', async () => {
      const { file } = await api.files.save({ title: 'Choose an empty folder for the restored vault', folder: true });
      if (file) setFolder(file);
    });
  const keys = openWith === 'passphrase' ? { passphrase } : openWith === 'identity' ? { identity } : {};
  const missingKey = (openWith === 'passphrase' && !passphrase) || (openWith === 'identity' && !identity.trim());
  const restore = () => run('restore', async () => setResult(await api.backup.restore({ file: backup!.token, out: folder!.token, ...keys })));
  const openVault = () =>
    run('open', async () => {
      await api.vault.openFolder({ folder: folder!.token });
      await onOpened();
    });

  return (
    <Dialog title="Restore a vault backup" onClose={closeDialog} className="dialog-wide" busy={busy === 'restore' || busy === 'open'}>
      <div className="stack package-export restore-dialog">
        <p className="muted">
          The backup is decrypted and every file checked against its SHA256SUMS before anything is written; the vault then opens with the passphrase it had when
          the backup was taken.
        </p>
        <RestoreSteps backup={backup} folder={folder} locked={result !== null} onBackup={() => void chooseBackup()} onFolder={() => void chooseFolder()} />
        {!result && <OpenWithFields {...{ openWith, setOpenWith, passphrase, setPassphrase, identity, setIdentity }} />}
        {error && <Alert tone="error">{error}</Alert>}
        {result && (
          <div className="stack" data-testid="restore-done">
            <Alert tone="success">
              Restored {formatCount(result.files)} vault files ({formatBytes(result.bytes)} backup) into {folder?.name}; every file matched its SHA-256.
            </Alert>
            <p className="muted">Opening it locks this vault; Casebook then asks for the restored vault’s passphrase.</p>
          </div>
        )}
        <div className="actions">
          <Button onClick={closeDialog}>Close</Button>
          {result ? (
            <Button variant="primary" onClick={() => void openVault()} busy={busy === 'open'} autoFocus>
              Open the restored vault
            </Button>
          ) : (
            <Button variant="primary" onClick={() => void restore()} busy={busy === 'restore'} disabled={!backup || !folder || missingKey}>
              Restore
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

/** The two things a restore needs: the backup file, and the empty folder it goes into. */
function RestoreSteps(props: { backup: SaveTarget | null; folder: SaveTarget | null; locked: boolean; onBackup: () => void; onFolder: () => void }) {
  const { backup, folder, locked } = props;
  return (
    <ol className="restore-steps">
      <li>
        <span className="step-label">Backup file</span>
        <Button onClick={props.onBackup} disabled={locked}>
          {backup ? 'Choose another…' : 'Choose backup…'}
        </Button>
        {backup && <span className="mono package-name">{backup.name}</span>}
      </li>
      <li>
        <span className="step-label">Restore into</span>
        <Button onClick={props.onFolder} disabled={locked}>
          {folder ? 'Choose another folder…' : 'Choose empty folder…'}
        </Button>
        {folder && <span className="mono package-name">{folder.name}</span>}
      </li>
    </ol>
  );
}

interface OpenWithProps {
  openWith: OpenWith;
  setOpenWith: (o: OpenWith) => void;
  passphrase: string;
  setPassphrase: (p: string) => void;
  identity: string;
  setIdentity: (p: string) => void;
}

/** What the backup was encrypted to: a passphrase, another age identity, or this vault's own examiner key. */
function OpenWithFields({ openWith, setOpenWith, passphrase, setPassphrase, identity, setIdentity }: OpenWithProps) {
  return (
    <fieldset className="fieldset stack">
      <legend className="section-title">Decrypt with</legend>
      <div className="radio-row">
        <label className="check">
          <input type="radio" name="restore-key" checked={openWith === 'passphrase'} onChange={() => setOpenWith('passphrase')} /> The backup’s passphrase
        </label>
        <label className="check">
          <input type="radio" name="restore-key" checked={openWith === 'own'} onChange={() => setOpenWith('own')} /> This vault’s examiner key
        </label>
        <label className="check">
          <input type="radio" name="restore-key" checked={openWith === 'identity'} onChange={() => setOpenWith('identity')} /> An age identity
        </label>
      </div>
      {openWith === 'passphrase' && (
        <TextField label="Backup passphrase" type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" />
      )}
      {openWith === 'identity' && (
        <TextAreaField
          label="age identity"
          hint="The text of an age key file (AGE-SECRET-KEY-1…) whose recipient the backup was encrypted to. It is used for this restore only."
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
          rows={3}
          spellCheck={false}
          autoComplete="off"
        />
      )}
    </fieldset>
  );
}
