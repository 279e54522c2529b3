import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../shared/domain/vault';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/fields';

/** Auto-lock time, the analyst name the engine writes into the journal, and the two-person rule on response actions. */
export function SessionSettingsForm({ vault }: { vault: VaultStatus }) {
  const setVault = useUi((state) => state.setVault);
  const [minutes, setMinutes] = useState(String(vault.autoLockMinutes));
  const [actor, setActor] = useState(vault.actor);
  const [twoPersonRule, setTwoPersonRule] = useState(vault.twoPersonRule);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'error' | 'success'; message: string } | null>(null);
  /** A bad auto-lock value belongs to its field, not to the form. */
  const [minutesError, setMinutesError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const autoLockMinutes = Number(minutes);
    if (minutes.trim() === '' || !Number.isInteger(autoLockMinutes) || autoLockMinutes < 0) {
      setMinutesError('Auto-lock must be a whole number of minutes (0 = never).');
      setOutcome(null);
      return;
    }
    setMinutesError(null);
    setBusy(true);
    setOutcome(null);
    try {
      setVault(await api.vault.settings({ autoLockMinutes, actor, twoPersonRule }));
      setOutcome({ tone: 'success', message: 'Settings saved.' });
    } catch (err) {
      setOutcome({ tone: 'error', message: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="settings-session">
      <h3 id="settings-session" className="section-title">
        Session
      </h3>
      <div className="grid-2">
        <TextField
          label="Auto-lock after (minutes)"
          type="number"
          min={0}
          max={1440}
          step={1}
          inputMode="numeric"
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
          hint="0 = never"
          error={minutesError}
        />
        <TextField label="Analyst name" value={actor} onChange={(event) => setActor(event.target.value)} maxLength={200} hint="Written into the audit trail" />
      </div>
      <label className="checkbox-field">
        <input type="checkbox" checked={twoPersonRule} onChange={(event) => setTwoPersonRule(event.target.checked)} /> Two-person rule: whoever proposed a
        response action cannot approve it
      </label>
      {outcome && <Alert tone={outcome.tone}>{outcome.message}</Alert>}
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
