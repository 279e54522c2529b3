import { useId, useState } from 'react';
import { ENTITY_VERDICTS, type EntityVerdict } from '../../../shared/domain/entities';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { Button } from '../../shared/ui/Button';
import type { EntityChange } from './queries';
import { REMEDIATION_LABELS, REMEDIATION_STATUSES, type RemediationStatus } from '../../../shared/domain/actions';

interface Props {
  count: number;
  busy: boolean;
  error: unknown;
  onApply: (change: Omit<EntityChange, 'ids'>) => void;
  onClear: () => void;
  /** Opens the propose-action dialog on the selection. */
  onPropose?: () => void;
}

/** For the chosen entities: set a verdict or a remediation status, add a tag (one audited record for all of them); propose an action on them. */
export function BulkBar({ count, busy, error, onApply, onClear, onPropose }: Props) {
  const verdictId = useId();
  const remediationId = useId();
  const tagId = useId();
  const [verdict, setVerdict] = useState('');
  const [remediation, setRemediation] = useState('');
  const [tag, setTag] = useState('');
  const nothing = verdict === '' && remediation === '' && tag.trim() === '';
  const apply = () => {
    if (nothing) return;
    onApply({
      ...(verdict ? { verdict: verdict === 'clear' ? null : (verdict as EntityVerdict) } : {}),
      ...(remediation ? { remediation: remediation === 'clear' ? null : (remediation as RemediationStatus) } : {}),
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
      <label htmlFor={remediationId}>Remediation</label>
      <select id={remediationId} className="input select" value={remediation} onChange={(e) => setRemediation(e.target.value)}>
        <option value="">Unchanged</option>
        {REMEDIATION_STATUSES.map((r) => (
          <option key={r} value={r}>
            {REMEDIATION_LABELS[r]}
          </option>
        ))}
        <option value="clear">Clear</option>
      </select>
      <label htmlFor={tagId}>Add tag</label>
      <input id={tagId} className="input bulk-tag" value={tag} maxLength={64} onChange={(e) => setTag(e.target.value)} placeholder="e.g. c2" />
      <Button type="submit" variant="primary" busy={busy} disabled={nothing}>
        Apply
      </Button>
      {onPropose && (
        <Button type="button" onClick={onPropose} title="Propose a response action on the selected entities">
          Propose action…
        </Button>
      )}
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
