import { useState, type FormEvent } from 'react';
import { NEW_PASSPHRASE_MIN } from '../../../shared/ipc/contract';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/fields';

/** Rewraps the vault key under a new passphrase; the cases themselves are not re-encrypted. */
export function ChangePassphraseForm() {
  const setVault = useUi((state) => state.setVault);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'error' | 'success'; message: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next.length < NEW_PASSPHRASE_MIN) {
      setOutcome({ tone: 'error', message: `The new passphrase must have at least ${NEW_PASSPHRASE_MIN} characters.` });
      return;
    }
    if (next !== confirm) {
      setOutcome({ tone: 'error', message: 'The new passphrases do not match.' });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      setVault(await api.vault.changePassphrase({ current, next }));
      setCurrent('');
      setNext('');
      setConfirm('');
      setOutcome({ tone: 'success', message: 'Passphrase changed.' });
    } catch (err) {
      setOutcome({ tone: 'error', message: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="settings-passphrase">
      <h3 id="settings-passphrase" className="section-title">
        Change passphrase
      </h3>
      <TextField
        label="Current passphrase"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
      />
      <div className="grid-2">
        <TextField
          label="New passphrase"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
          hint={`At least ${NEW_PASSPHRASE_MIN} characters`}
        />
        <TextField
          label="Confirm new passphrase"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
      </div>
      {outcome && <Alert tone={outcome.tone}>{outcome.message}</Alert>}
      <div className="actions">
        <Button type="submit" busy={busy} disabled={!current || !next || !confirm}>
          {busy ? 'Deriving key…' : 'Change passphrase'}
        </Button>
      </div>
    </form>
  );
}
