import { useRef, useState, type FormEvent } from 'react';
import { messageOf } from '../../shared/errors';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/fields';
import { unlockVault } from './session';

export function UnlockForm() {
  const notice = useUi((state) => state.lockNotice);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || busy) return;
    setError(null);
    setBusy(true);
    try {
      await unlockVault(passphrase);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
      // Select what was typed so the next attempt replaces it.
      form.current?.querySelector<HTMLInputElement>('input[type=password]')?.select();
    }
  };

  return (
    <form className="stack" onSubmit={submit} ref={form} noValidate>
      <h2 className="card-title">Unlock the vault</h2>
      {notice && <Alert tone="info">{notice}</Alert>}
      <TextField
        label="Passphrase"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        readOnly={busy}
        // A wrong passphrase is this field's error: marked invalid and read with it (aria-describedby).
        error={error}
      />
      <Button type="submit" variant="primary" busy={busy} disabled={!passphrase} className="btn-block">
        {busy ? 'Unlocking…' : 'Unlock'}
      </Button>
    </form>
  );
}
