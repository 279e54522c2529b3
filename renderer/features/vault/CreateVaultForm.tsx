import { useState, type FormEvent } from 'react';
import { NEW_PASSPHRASE_MIN } from '../../../shared/ipc/contract';
import { messageOf } from '../../shared/errors';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/fields';
import { createVault } from './session';
import { StrengthMeter } from './StrengthMeter';

export function CreateVaultForm() {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** After a first attempt, an empty field is an error too: each error is shown on, and read with, its own field. */
  const [tried, setTried] = useState(false);
  const tooShort = (tried || passphrase.length > 0) && passphrase.length < NEW_PASSPHRASE_MIN;
  const mismatch = (tried || confirm.length > 0) && confirm !== passphrase;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    const form = event.currentTarget as HTMLFormElement;
    if (passphrase.length < NEW_PASSPHRASE_MIN || confirm !== passphrase) {
      // The first field in error takes focus, so its message is read at once.
      form.querySelectorAll<HTMLInputElement>('input[type=password]')[passphrase.length < NEW_PASSPHRASE_MIN ? 0 : 1]?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await createVault(passphrase);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <h2 className="card-title">Create a vault</h2>
      <p className="muted">
        Every case is encrypted with a key that only this passphrase unlocks. There is no recovery: if the passphrase is lost, so are the cases.
      </p>
      <TextField
        label="Passphrase"
        type="password"
        autoComplete="new-password"
        autoFocus
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        readOnly={busy}
        hint={`At least ${NEW_PASSPHRASE_MIN} characters.`}
        error={tooShort ? `${NEW_PASSPHRASE_MIN - passphrase.length} more character(s) needed.` : null}
      />
      <StrengthMeter passphrase={passphrase} />
      <TextField
        label="Confirm passphrase"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(event) => setConfirm(event.target.value)}
        readOnly={busy}
        error={mismatch ? 'The two passphrases do not match.' : null}
      />
      {error && <Alert tone="error">{error}</Alert>}
      <Button type="submit" variant="primary" busy={busy} className="btn-block">
        {busy ? 'Deriving key…' : 'Create vault'}
      </Button>
    </form>
  );
}
