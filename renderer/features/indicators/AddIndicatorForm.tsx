import { useState, type FormEvent } from 'react';
import { indicatorValueProblem } from '../../../shared/domain/indicators';
import type { IndicatorType } from '../../../shared/domain/records';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { runCommand } from '../../shared/readModel';
import { Button } from '../../shared/ui/Button';
import { SelectField, TextField } from '../../shared/ui/fields';
import { TYPE_OPTIONS } from './indicatorTypes';

/** Types in an indicator: checked here as the engine will check it, then matched against the case at once. */
export function AddIndicatorForm({ caseId, onAdded }: { caseId: string; onAdded: (message: string) => void }) {
  const [type, setType] = useState<IndicatorType>('ipv4');
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = indicatorValueProblem(type, value);
    if (problem) {
      setError(`Not added: ${problem}.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let found = 0;
      await runCommand(async () => {
        const added = await api.indicators.add({
          caseId,
          type,
          value,
          description,
        });
        const id = added.changes.indicators?.[0]?.id;
        found = id ? (added.run?.perIndicator[id] ?? 0) : 0;
        return added.changes;
      });
      onAdded(`Added ${value.trim()}: found ${found === 0 ? 'nowhere in the case yet' : found === 1 ? 'once' : `${found} times`}.`);
      setValue('');
      setDescription('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="ioc-add" onSubmit={submit} aria-label="Add an indicator" noValidate>
      <SelectField label="Type" value={type} options={TYPE_OPTIONS} onChange={(e) => setType(e.target.value as IndicatorType)} className="ioc-add-type" />
      <TextField
        label="Value"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        error={error}
        placeholder="185.220.101.4, evil.example, a hash…"
        spellCheck={false}
        autoComplete="off"
        className="ioc-add-value"
      />
      <TextField label="Note (optional)" value={description} onChange={(e) => setDescription(e.target.value)} className="ioc-add-note" autoComplete="off" />
      <Button type="submit" variant="primary" busy={busy} className="ioc-add-submit">
        Add indicator
      </Button>
    </form>
  );
}
