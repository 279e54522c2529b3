import { useId, useState } from 'react';
import type { MappingDraft } from './importState';

const TIME_FORMATS = [
  { value: 'iso', label: 'ISO 8601 (with or without zone)' },
  { value: 'epoch', label: 'Epoch (s, ms, µs or ns by size)' },
] as const;
const PATTERN = '__pattern__';

type SingleField = 'host' | 'user' | 'source' | 'tags' | 'timestampDesc';
const SINGLE: [SingleField, string][] = [
  ['host', 'Host column'],
  ['user', 'User column'],
  ['source', 'Source column'],
  ['tags', 'Tags column'],
  ['timestampDesc', 'Time description column'],
];

/**
 * How the columns of an arbitrary CSV/JSONL become timeline fields. With the
 * columns the preview found, every field is a choice among them; without
 * (the preview could not read the header yet), names are typed.
 */
export function MappingForm({ mapping, columns, onChange }: { mapping: MappingDraft; columns: readonly string[]; onChange: (mapping: MappingDraft) => void }) {
  const id = useId();
  const set = (change: Partial<MappingDraft>) => onChange({ ...mapping, ...change });
  const isPattern = !TIME_FORMATS.some((f) => f.value === mapping.timeFormat);

  const column = (field: 'time' | SingleField, label: string, required = false) => {
    const fieldId = `${id}-${field}`;
    return (
      <div className="field" key={field}>
        <label className="field-label" htmlFor={fieldId}>
          {label}
        </label>
        {columns.length ? (
          <select id={fieldId} className="input select" value={mapping[field]} onChange={(e) => set({ [field]: e.target.value })}>
            <option value="">{required ? 'Choose the time column…' : '(not mapped)'}</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        ) : (
          <input id={fieldId} className="input" value={mapping[field]} placeholder="column name" onChange={(e) => set({ [field]: e.target.value })} />
        )}
      </div>
    );
  };

  return (
    <fieldset className="mapping">
      <legend className="section-title">Column mapping</legend>
      <p className="field-hint">The preview runs again as you change the mapping. Columns not mapped are kept as attributes of each event.</p>
      <div className="mapping-grid">
        {column('time', 'Time column', true)}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-format`}>
            Time format
          </label>
          <select
            id={`${id}-format`}
            className="input select"
            value={isPattern ? PATTERN : mapping.timeFormat}
            onChange={(e) => set({ timeFormat: e.target.value === PATTERN ? 'YYYY-MM-DD HH:mm:ss' : e.target.value })}
          >
            {TIME_FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
            <option value={PATTERN}>Pattern…</option>
          </select>
        </div>
        {isPattern && (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-pattern`}>
              Time pattern
            </label>
            <input
              id={`${id}-pattern`}
              className="input mono"
              value={mapping.timeFormat}
              placeholder="DD/MM/YYYY HH:mm:ss"
              onChange={(e) => set({ timeFormat: e.target.value })}
            />
          </div>
        )}
        {SINGLE.map(([field, label]) => column(field, label))}
      </div>
      <MessageColumns id={`${id}-message`} columns={columns} chosen={mapping.message} onChange={(message) => set({ message })} />
    </fieldset>
  );
}

/** The columns joined into each event's message, in the order ticked (typed as a list when the columns are not known yet). */
function MessageColumns({ id, columns, chosen, onChange }: { id: string; columns: readonly string[]; chosen: string[]; onChange: (names: string[]) => void }) {
  return (
    <div className="field">
      <span className="field-label" id={id}>
        Message columns <span className="faint">(joined in the order you tick them)</span>
      </span>
      {columns.length ? (
        <div className="message-columns" role="group" aria-labelledby={id}>
          {columns.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(c)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, c] : chosen.filter((m) => m !== c))}
              />
              {c}
            </label>
          ))}
        </div>
      ) : (
        <ColumnListInput labelledBy={id} value={chosen} onChange={onChange} />
      )}
    </div>
  );
}

/** Column names typed as a comma-separated list; the text is kept as typed, the list is what is sent. */
function ColumnListInput({ value, onChange, labelledBy }: { value: string[]; onChange: (names: string[]) => void; labelledBy: string }) {
  const [text, setText] = useState(value.join(', '));
  return (
    <input
      className="input"
      aria-labelledby={labelledBy}
      placeholder="column names, separated by commas"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
