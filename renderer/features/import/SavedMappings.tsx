import { useEffect, useId, useState } from 'react';
import type { ColumnMapping } from '../../../shared/domain/import';
import { api } from '../../shared/api';
import { Button } from '../../shared/ui/Button';
import { draftOf, type MappingDraft } from './importState';

/**
 * Column mappings saved in the vault by name (sealed with its settings), to
 * reuse for the next export of the same kind: choose one to fill the form, or
 * save the form as one.
 */
export function SavedMappings({ current, onChoose }: { current: ColumnMapping | undefined; onChoose: (draft: MappingDraft) => void }) {
  const id = useId();
  const [saved, setSaved] = useState<Record<string, ColumnMapping>>({});
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.mappings.list({}).then(
      (all) => live && setSaved(all),
      (err: Error) => live && setMessage(err.message),
    );
    return () => {
      live = false;
    };
  }, []);

  const save = async () => {
    if (!current) return;
    try {
      setSaved(await api.mappings.save({ name: name.trim(), mapping: current }));
      setMessage(`Saved as “${name.trim()}”.`);
      setName('');
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const names = Object.keys(saved).sort();
  return (
    <div className="saved-mappings">
      <div className="field">
        <label htmlFor={`${id}-use`}>Saved mapping</label>
        <select
          id={`${id}-use`}
          className="input select"
          value=""
          disabled={names.length === 0}
          onChange={(e) => {
            const chosen = saved[e.target.value];
            if (chosen) onChoose(draftOf(chosen));
          }}
        >
          <option value="">{names.length ? 'Use a saved mapping…' : 'No saved mappings yet'}</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Save this mapping as</label>
        <div className="saved-mappings-save">
          <input id={`${id}-name`} className="input" value={name} placeholder="e.g. firewall export" onChange={(e) => setName(e.target.value)} />
          <Button onClick={() => void save()} disabled={!current || !name.trim()}>
            Save
          </Button>
        </div>
      </div>
      {message && (
        <p className="field-hint" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
