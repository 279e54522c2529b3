import './evidence-choice.css';
import type { EvidenceRow } from '../../../shared/domain/evidence';
import { evidenceChoiceLabel } from '../evidence/useEvidenceChoices';
import { SelectField } from './fields';

/** One evidence item of the case, or none: a choice from the evidence log, never a typed id. */
export function EvidenceSelect({
  rows,
  value,
  onChange,
  label = 'Evidence item (optional)',
}: {
  rows: readonly EvidenceRow[];
  value: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  const options = [
    { value: '', label: rows.length ? 'None' : 'None (the case has no evidence yet)' },
    ...rows.map((r) => ({ value: r.id, label: evidenceChoiceLabel(r) })),
  ];
  return <SelectField label={label} options={options} value={value} onChange={(e) => onChange(e.target.value)} />;
}

/** Any number of the case's evidence items, ticked from the evidence log. */
export function EvidenceCheckList({
  rows,
  value,
  onChange,
  legend,
}: {
  rows: readonly EvidenceRow[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  legend: string;
}) {
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((v) => v !== id) : [...value, id]);
  return (
    <fieldset className="evidence-checklist">
      <legend className="field-label">{legend}</legend>
      {rows.length === 0 && <p className="faint">The case has no evidence yet (add it in the Evidence tab).</p>}
      {rows.map((r) => (
        <label key={r.id} className="evidence-check">
          <input type="checkbox" checked={value.includes(r.id)} onChange={() => toggle(r.id)} />
          {evidenceChoiceLabel(r)}
        </label>
      ))}
    </fieldset>
  );
}
