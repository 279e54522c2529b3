import { TextAreaField, TextField } from '../../shared/ui/fields';
import type { DraftProblems, ExportDraft } from './exportDraft';

type Change = (patch: Partial<ExportDraft>) => void;

/** Whom the package is encrypted to: age public keys, or a passphrase. */
export function RecipientFields({
  draft,
  problems,
  onChange,
  signable = true,
}: {
  draft: ExportDraft;
  problems: DraftProblems;
  onChange: Change;
  /** A backup is not signed: it is the vault's own files, sealed already. */
  signable?: boolean;
}) {
  return (
    <fieldset className="fieldset stack">
      <legend className="section-title">Encrypt to</legend>
      <div className="radio-row">
        <label className="check">
          <input type="radio" name="pkg-mode" checked={draft.mode === 'recipients'} onChange={() => onChange({ mode: 'recipients' })} /> Examiners’ age public
          keys
        </label>
        <label className="check">
          <input type="radio" name="pkg-mode" checked={draft.mode === 'passphrase'} onChange={() => onChange({ mode: 'passphrase' })} /> A passphrase
        </label>
      </div>
      {draft.mode === 'recipients' ? (
        <TextAreaField
          label="Recipients"
          hint="One age1… key per line. Each of them can open the package, with Casebook or with the age tool."
          value={draft.recipients}
          onChange={(e) => onChange({ recipients: e.target.value })}
          error={problems.recipients}
          rows={3}
          spellCheck={false}
        />
      ) : (
        <div className="grid-2">
          <TextField
            label="Passphrase"
            type="password"
            value={draft.passphrase}
            onChange={(e) => onChange({ passphrase: e.target.value })}
            error={problems.passphrase}
            autoComplete="new-password"
          />
          <TextField
            label="Repeat it"
            type="password"
            value={draft.repeat}
            onChange={(e) => onChange({ repeat: e.target.value })}
            error={problems.repeat}
            autoComplete="new-password"
          />
        </div>
      )}
      {signable && (
        <>
          <label className="check">
            <input type="checkbox" checked={draft.sign} onChange={(e) => onChange({ sign: e.target.checked })} /> Sign with this vault’s examiner key
          </label>
          <p className="muted field-hint">The Ed25519 signature covers the manifest, and so every file’s hash.</p>
        </>
      )}
    </fieldset>
  );
}

const REDACTABLE = [
  ['user', 'User names'],
  ['host', 'Host names'],
] as const;

/** What part of the case goes, and which values are replaced by placeholders. */
export function SelectionFields({ draft, problems, onChange }: { draft: ExportDraft; problems: DraftProblems; onChange: Change }) {
  const toggle = (field: string, on: boolean) => onChange({ redact: on ? [...draft.redact, field] : draft.redact.filter((f) => f !== field) });
  return (
    <>
      <fieldset className="fieldset stack">
        <legend className="section-title">Selection</legend>
        <p className="muted">Left empty, the whole case goes. Times are UTC.</p>
        <div className="grid-2">
          <TextField label="Events from (UTC)" type="datetime-local" step={1} value={draft.from} onChange={(e) => onChange({ from: e.target.value })} />
          <TextField
            label="Events before (UTC)"
            type="datetime-local"
            step={1}
            value={draft.to}
            onChange={(e) => onChange({ to: e.target.value })}
            error={problems.to}
          />
        </div>
        <div className="grid-2">
          <TextAreaField
            label="Only these alerts"
            hint="Alert ids, one per line"
            rows={2}
            value={draft.alerts}
            onChange={(e) => onChange({ alerts: e.target.value })}
          />
          <TextAreaField
            label="Only these entities"
            hint="Entity ids, one per line"
            rows={2}
            value={draft.entities}
            onChange={(e) => onChange({ entities: e.target.value })}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset stack">
        <legend className="section-title">Redaction</legend>
        <div className="radio-row">
          {REDACTABLE.map(([field, label]) => (
            <label className="check" key={field}>
              <input type="checkbox" checked={draft.redact.includes(field)} onChange={(e) => toggle(field, e.target.checked)} /> {label}
            </label>
          ))}
        </div>
        <TextField
          label="Other fields"
          hint="Attribute names, comma-separated (TargetUserName, IpAddress). Each value becomes a placeholder such as USER-1, the same value always the same one; messages are not searched."
          value={draft.redactOther}
          onChange={(e) => onChange({ redactOther: e.target.value })}
        />
      </fieldset>
    </>
  );
}
