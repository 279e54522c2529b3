import { TextAreaField, TextField } from '../../shared/ui/fields';
import { RedactionFields, TimeRangeFields } from './RangeAndRedaction';
import { AlertPicker, EntityPicker, EvidencePicker } from './SelectionPickers';
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

/** What part of the case goes (picked alerts, evidence, entities, a time range of events), and which fields are replaced by placeholders. */
export function SelectionFields({ caseId, draft, problems, onChange }: { caseId: string; draft: ExportDraft; problems: DraftProblems; onChange: Change }) {
  return (
    <>
      <section className="stack" aria-labelledby="package-selection">
        <h3 id="package-selection" className="section-title">
          What goes
        </h3>
        <p className="muted">Nothing chosen in a list: every record of that kind goes. The choice is written in the package’s manifest.</p>
        <div className="pick-grid-3">
          <AlertPicker caseId={caseId} draft={draft} onChange={onChange} />
          <EvidencePicker caseId={caseId} draft={draft} onChange={onChange} />
          <EntityPicker caseId={caseId} draft={draft} onChange={onChange} />
        </div>
        <TimeRangeFields caseId={caseId} draft={draft} problems={problems} onChange={onChange} />
      </section>
      <RedactionFields caseId={caseId} draft={draft} onChange={onChange} />
    </>
  );
}
