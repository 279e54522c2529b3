import { useId, useState } from 'react';
import { ENTITY_VERDICTS, type EntityVerdict } from '../../../shared/domain/entities';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { Button } from '../../shared/ui/Button';
import type { EntityChange } from './queries';

interface Props {
  count: number;
  busy: boolean;
  error: unknown;
  onApply: (change: Omit<EntityChange, 'ids'>) => void;
  onClear: () => void;
}

/** For the chosen entities: set a verdict, add a tag (one audited record for all of them). */
export function BulkBar({ count, busy, error, onApply, onClear }: Props) {
  const verdictId = useId();
  const tagId = useId();
  const [verdict, setVerdict] = useState('');
  const [tag, setTag] = useState('');
  const nothing = verdict === '' && tag.trim() === '';
  const apply = () => {
    if (nothing) return;
    onApply({
      ...(verdict ? { verdict: verdict === 'clear' ? null : (verdict as EntityVerdict) } : {}),
      ...(tag.trim() ? { addTags: [tag.trim()] } : {}),
    });
    setTag('');
  };
  return (
    <form
      className="bulk-bar"
      aria-label="Change the selected entities"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <strong>{plural(count, 'entity', 'entities')} selected</strong>
      <label htmlFor={verdictId}>Verdict</label>
      <select id={verdictId} className="input select" value={verdict} onChange={(e) => setVerdict(e.target.value)}>
        <option value="">Unchanged</option>
        {ENTITY_VERDICTS.map((v) => (
          <option key={v} value={v}>
            {v[0]!.toUpperCase() + v.slice(1)}
          </option>
        ))}
        <option value="clear">Clear the analyst's verdict</option>
      </select>
      <label htmlFor={tagId}>Add tag</label>
      <input id={tagId} className="input bulk-tag" value={tag} maxLength={64} onChange={(e) => setTag(e.target.value)} placeholder="e.g. c2" />
      <Button type="submit" variant="primary" busy={busy} disabled={nothing}>
        Apply
      </Button>
      <Button type="button" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
      {error ? (
        <span className="field-error" role="alert">
          {messageOf(error)}
        </span>
      ) : null}
    </form>
  );
}
