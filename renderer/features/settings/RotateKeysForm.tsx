import { useState, type FormEvent } from 'react';
import type { KeyRotation } from '../../../shared/domain/vault';
import { NEW_PASSPHRASE_MIN } from '../../../shared/ipc/contract';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/fields';

/**
 * Re-keys the vault (`vault.rotateKeys`): after a passphrase or a copy of the
 * vault folder may have leaked. A new passphrase is optional here but advised:
 * rotation alone leaves a vault.json that the old passphrase still opens.
 */
export function RotateKeysForm() {
  const [passphrase, setPassphrase] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<KeyRotation | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next && next.length < NEW_PASSPHRASE_MIN) {
      setError(`The new passphrase must have at least ${NEW_PASSPHRASE_MIN} characters.`);
      return;
    }
    if (next !== confirm) {
      setError('The new passphrases do not match.');
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const rotated = await api.vault.rotateKeys(next ? { passphrase, next } : { passphrase });
      setDone(rotated);
      setPassphrase('');
      setNext('');
      setConfirm('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="settings-rotate" aria-busy={busy}>
      <h3 id="settings-rotate" className="section-title">
        Rotate keys
      </h3>
      <RotateExplanation />
      <TextField
        label="Vault passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        disabled={busy}
      />
      <div className="grid-2">
        <TextField
          label="New passphrase (advised)"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
          hint={`Leave empty to keep the current one; at least ${NEW_PASSPHRASE_MIN} characters`}
          disabled={busy}
        />
        <TextField
          label="Repeat the new passphrase"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          disabled={busy}
        />
      </div>
      {busy && (
        <p className="rotate-progress" role="status">
          Re-encrypting every case and timeline… Do not close the app.
        </p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {done && <RotatedNotice done={done} />}
      <div className="actions">
        <Button type="submit" busy={busy} disabled={!passphrase}>
          {busy ? 'Rotating keys…' : 'Rotate keys'}
        </Button>
      </div>
    </form>
  );
}

/** What rotation does and does not do, said before the passphrase is asked. */
function RotateExplanation() {
  return (
    <div className="muted rotate-explain">
      <p>
        Makes a new vault key and a new key for every case, and re-encrypts every journal and timeline file with them. Use it when the passphrase, or a copy of
        the vault folder with it, may have leaked: whoever has an old copy of the vault and the old passphrase cannot read anything written afterwards.
      </p>
      <p>
        It does not make what was already copied unreadable. Give a new passphrase too, or the old one still opens this vault. It takes a while on large cases;
        an import must not be running. If it is interrupted, the next unlock finishes it or undoes it: never half.
      </p>
    </div>
  );
}

function RotatedNotice({ done }: { done: KeyRotation }) {
  return (
    <Alert tone="success">
      Keys rotated: {plural(done.cases, 'case')} and {plural(done.runs, 'timeline file')} re-encrypted under new keys (vault key{' '}
      <span className="mono">{done.keyId}</span>). {done.cases > 0 && 'Each case’s audit trail records the rotation.'}
    </Alert>
  );
}
