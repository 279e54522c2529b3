import { useState, type FormEvent } from 'react';
import { DEFAULT_EXPIRY_DAYS, type ActionKind } from '../../../shared/domain/actions';
import type { EntityType } from '../../../shared/domain/records';
import { messageOf } from '../../shared/errors';
import { KIND_LABEL } from '../../shared/entityKinds';
import type { ActionTargetChoice } from '../../shared/proposeAction';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../shared/ui/fields';
import { KIND_OPTIONS } from './labels';
import { useProposeAction } from './queries';

/** The action most often taken on a kind of entity, offered first. */
const LIKELY: Partial<Record<EntityType, ActionKind>> = {
  device: 'isolate',
  user: 'disable-user',
  mailbox: 'revoke-sessions',
  hash: 'quarantine-file',
  file: 'quarantine-file',
  ip: 'block-indicator',
  domain: 'block-indicator',
  url: 'block-indicator',
  mailMessage: 'delete-email',
};

interface Props {
  caseId: string;
  targets: readonly ActionTargetChoice[];
  onClose: () => void;
  /** Told once the proposal is recorded (the workspace says so and may open the queue). */
  onProposed: (count: number) => void;
}

/** Propose one kind of action on the entities given (an entity page, an alert's entities, a selection): one record, one action per target. */
export function ProposeActionDialog({ caseId, targets, onClose, onProposed }: Props) {
  const propose = useProposeAction(caseId);
  const [kind, setKind] = useState<ActionKind>(LIKELY[targets[0]?.type ?? 'other'] ?? 'custom');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(targets.map((t) => t.id)));
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [tried, setTried] = useState(false);
  const expiresInDays = Number(days);
  const problems = problemsOf({ kind, title, rationale, expiresInDays, chosen: chosen.size });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    const ids = targets.filter((t) => chosen.has(t.id)).map((t) => t.id);
    propose.mutate(
      { kind, targets: ids, rationale, title: kind === 'custom' ? title : undefined, expiresInDays },
      { onSuccess: (change) => onProposed(change.actions.length) },
    );
  };
  return (
    <Dialog title="Propose action" onClose={onClose} busy={propose.isPending} className="propose-dialog">
      <form className="stack" onSubmit={submit} noValidate>
        <SelectField label="Action" value={kind} options={KIND_OPTIONS} onChange={(e) => setKind(e.target.value as ActionKind)} />
        {kind === 'custom' && (
          <TextField
            label="Name of the action"
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            error={tried ? problems.title : null}
          />
        )}
        <TargetChoices targets={targets} chosen={chosen} onChange={setChosen} error={tried ? problems.targets : null} />
        <TextAreaField
          label="Rationale"
          value={rationale}
          maxLength={4000}
          rows={3}
          onChange={(e) => setRationale(e.target.value)}
          error={tried ? problems.rationale : null}
        />
        <TextField
          label="Expires after (days)"
          type="number"
          min={0.05}
          max={365}
          step="any"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          hint="A pending action nobody decides on by then expires, as in Defender."
          error={tried ? problems.days : null}
        />
        <p className="faint small">
          Each target gets its own action; the queue shows the exact identifier (device id, SID, UPN, SHA-256) taken from what the sources said.
        </p>
        {propose.error ? <Alert tone="error">{messageOf(propose.error)}</Alert> : null}
        <div className="actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={propose.isPending}>
            Propose {chosen.size > 1 ? `${chosen.size} actions` : 'action'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function problemsOf(form: { kind: ActionKind; title: string; rationale: string; expiresInDays: number; chosen: number }) {
  const { kind, title, rationale, expiresInDays, chosen } = form;
  return {
    rationale: rationale.trim() ? null : 'Say why the action is needed.',
    title: kind === 'custom' && !title.trim() ? 'Name the custom action.' : null,
    days: Number.isFinite(expiresInDays) && expiresInDays > 0 && expiresInDays <= 365 ? null : 'From 1 hour (0.05) to 365 days.',
    targets: chosen ? null : 'Choose at least one target.',
  };
}

/** The targets the dialog was opened on, each ticked; untick those the action is not for. */
function TargetChoices(props: {
  targets: readonly ActionTargetChoice[];
  chosen: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  error: string | null;
}) {
  const { targets, chosen, onChange, error } = props;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset className="propose-targets">
      <legend className="field-label">
        Targets ({chosen.size} of {targets.length})
      </legend>
      <ul className="target-choices">
        {targets.map((t) => (
          <li key={t.id}>
            <label>
              <input type="checkbox" checked={chosen.has(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} />{' '}
              <span className="faint">{KIND_LABEL[t.type]}</span> <span className="mono">{t.display}</span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </fieldset>
  );
}
