import { useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { ENTITY_TYPES, type EntityType } from '../../../shared/domain/records';
import { api } from '../../shared/api';
import { TYPE_LABELS } from '../../shared/entityKinds';
import { formatCount } from '../../shared/format';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { formatUs, parseUtcInput } from '../../shared/time';
import { TextField } from '../../shared/ui/fields';
import { placeholderOf, type DraftProblems, type ExportDraft } from './exportDraft';

type Change = (patch: Partial<ExportDraft>) => void;

/** The events' time range, typed in UTC, with the timeline's own span beside it and how many events the range holds. */
export function TimeRangeFields({ caseId, draft, problems, onChange }: { caseId: string; draft: ExportDraft; problems: DraftProblems; onChange: Change }) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  const summary = useQuery({
    queryKey: ['package-pick', 'span', caseId, revision],
    queryFn: () => api.timeline.summary({ caseId }),
    enabled: revision !== null,
  });
  const from = parseUtcInput(useDeferredValue(draft.from)) ?? undefined;
  const to = parseUtcInput(useDeferredValue(draft.to)) ?? undefined;
  const ranged = from !== undefined || to !== undefined;
  const inRange = useQuery({
    queryKey: ['package-pick', 'in-range', caseId, revision, from, to],
    queryFn: () => api.timeline.histogram({ caseId, filter: { from, to }, bins: 1 }),
    enabled: revision !== null && ranged && (from === undefined || to === undefined || from < to),
  });
  const s = summary.data;
  return (
    <fieldset className="fieldset stack">
      <legend className="section-title">Events</legend>
      <p className="muted">
        {s && s.minTime !== null && s.maxTime !== null
          ? `The timeline holds ${formatCount(s.count)} events, from ${formatUs(s.minTime)} to ${formatUs(s.maxTime)}.`
          : 'The case has no timeline events.'}{' '}
        Left empty, every event goes. Times are UTC, like every time in Casebook.
      </p>
      <div className="grid-2">
        <TextField
          label="From (UTC, inclusive)"
          placeholder="2026-03-01 08:00:00"
          value={draft.from}
          onChange={(e) => onChange({ from: e.target.value })}
          error={problems.from}
          spellCheck={false}
          className="mono"
        />
        <TextField
          label="Before (UTC, exclusive)"
          placeholder="2026-03-02 00:00:00"
          value={draft.to}
          onChange={(e) => onChange({ to: e.target.value })}
          error={problems.to}
          spellCheck={false}
          className="mono"
        />
      </div>
      {ranged && inRange.data && (
        <p className="range-count" aria-live="polite">
          {formatCount(inRange.data.total)} of {formatCount(s?.count ?? 0)} events fall in this range.
        </p>
      )}
    </fieldset>
  );
}

interface RedactableField {
  field: string;
  label: string;
  /** How many distinct values the case has of it (the first 500 for event hosts and users). */
  values: number;
  sample: string | null;
}

const FIELD_LABELS: Record<string, string> = { user: 'User names', host: 'Host names' };

/** The fields the case has values for: event hosts and users, then each entity type present; a sample value of each for the preview. */
function useRedactableFields(caseId: string): RedactableField[] | undefined {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  const found = useQuery({
    queryKey: ['package-pick', 'redactable', caseId, revision],
    enabled: revision !== null,
    queryFn: async () => {
      const [facets, entities] = await Promise.all([
        api.timeline.facets({ caseId, fields: ['user', 'host'], limit: 1 }),
        api.entities.list({ caseId, limit: 1 }),
      ]);
      const types = ENTITY_TYPES.filter((t) => t !== 'user' && (entities.byType[t] ?? 0) > 0);
      const samples = await Promise.all(types.map((t) => api.entities.list({ caseId, types: [t], limit: 1, sort: 'events', order: 'desc' })));
      const userEntities = entities.byType.user ?? 0;
      const fields: RedactableField[] = facets.map((f) => ({
        field: f.field,
        label: FIELD_LABELS[f.field] ?? f.field,
        values: f.field === 'user' ? Math.max(f.distinct, userEntities) : f.distinct,
        sample: f.values[0]?.value ?? null,
      }));
      types.forEach((t: EntityType, i) =>
        fields.push({ field: t, label: TYPE_LABELS[t], values: entities.byType[t] ?? 0, sample: samples[i]?.rows[0]?.display ?? null }),
      );
      return fields;
    },
  });
  return found.data;
}

/** Which fields are replaced by placeholders: a list of those the case has, each with a preview, and attribute names typed in. */
export function RedactionFields({ caseId, draft, onChange }: { caseId: string; draft: ExportDraft; onChange: Change }) {
  const fields = useRedactableFields(caseId);
  const toggle = (field: string, on: boolean) => onChange({ redact: on ? [...draft.redact, field] : draft.redact.filter((f) => f !== field) });
  return (
    <fieldset className="fieldset stack">
      <legend className="section-title">Redaction</legend>
      <p className="muted">
        Every value of a ticked field is replaced by a placeholder, the same value always by the same one, in events, records and entities. Free text (messages,
        descriptions) is not searched.
      </p>
      {fields === undefined && <p className="muted">Reading the case’s fields…</p>}
      {fields && (
        <table className="table redact-table">
          <caption className="sr-only">Fields to redact</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col" className="num">
                Values
              </th>
              <th scope="col">Preview</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => {
              const on = draft.redact.includes(f.field);
              return (
                <tr key={f.field} className={on ? 'is-chosen' : undefined}>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={on} onChange={(e) => toggle(f.field, e.target.checked)} /> {f.label}
                    </label>
                  </td>
                  <td className="num">{formatCount(f.values)}</td>
                  <td className="redact-preview">
                    {f.sample !== null ? (
                      <>
                        <span className="mono">{f.sample}</span> → <span className="mono placeholder">{placeholderOf(f.field)}</span>
                        {!on && <span className="faint"> (if ticked)</span>}
                      </>
                    ) : (
                      <span className="faint">no values</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <TextField
        label="Event attributes"
        hint={`Attribute names, comma-separated (TargetUserName, IpAddress): each becomes its own placeholder, ${placeholderOf('TargetUserName')} and so on.`}
        value={draft.redactOther}
        onChange={(e) => onChange({ redactOther: e.target.value })}
        spellCheck={false}
      />
    </fieldset>
  );
}
