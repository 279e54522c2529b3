import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { ENTITY_TYPES, type EntityType } from '../../../shared/domain/records';
import { api } from '../../shared/api';
import { KIND_LABEL, TYPE_LABELS } from '../../shared/entityKinds';
import { messageOf } from '../../shared/errors';
import { formatCount, formatBytes } from '../../shared/format';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import type { ExportDraft } from './exportDraft';
import { PickList, type PickRow } from './PickList';

type Change = (patch: Partial<ExportDraft>) => void;
/** Rows a picker lists at once; a search narrows the rest. */
const SHOWN = 50;

function useRevision(caseId: string): number | null {
  return useCaseStamp(caseId).data?.revision ?? null;
}

/** Entities, searched by value (the engine's entity store: every entity, not only those the window holds) and by type. */
export function EntityPicker({ caseId, draft, onChange }: { caseId: string; draft: ExportDraft; onChange: Change }) {
  const revision = useRevision(caseId);
  const [text, setText] = useState('');
  const [type, setType] = useState<EntityType | ''>('');
  const search = useDeferredValue(text.trim());
  const list = useQuery({
    queryKey: ['package-pick', 'entities', caseId, revision, search, type],
    queryFn: () => api.entities.list({ caseId, text: search || undefined, types: type ? [type] : undefined, limit: SHOWN, sort: 'events', order: 'desc' }),
    enabled: revision !== null,
  });
  const rows: PickRow[] | undefined = list.data?.rows.map((e) => ({
    id: e.id,
    label: e.display,
    detail: `${KIND_LABEL[e.type]} · ${formatCount(e.events)} events${e.alerts ? ` · ${formatCount(e.alerts)} alerts` : ''}`,
  }));
  const present = ENTITY_TYPES.filter((t) => (list.data?.byType[t] ?? 0) > 0 || t === type);
  return (
    <PickList
      title="Entities"
      emptyMeans="every entity goes"
      search={text}
      onSearch={setText}
      searchLabel="Search entities by value"
      filters={
        <label className="field pick-type">
          <span className="field-label">Type</span>
          <select className="input" value={type} onChange={(e) => setType(e.target.value as EntityType | '')}>
            <option value="">Every type</option>
            {present.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
                {list.data?.byType[t] !== undefined ? ` (${formatCount(list.data.byType[t])})` : ''}
              </option>
            ))}
          </select>
        </label>
      }
      rows={rows}
      more={list.data ? Math.max(0, list.data.total - list.data.rows.length) : 0}
      picked={draft.entities}
      onChange={(entities) => onChange({ entities })}
      error={list.error ? messageOf(list.error) : null}
    />
  );
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'informational', 'unknown'];

/** Alerts, searched by title or severity, the most severe first. */
export function AlertPicker({ caseId, draft, onChange }: { caseId: string; draft: ExportDraft; onChange: Change }) {
  const revision = useRevision(caseId);
  const [text, setText] = useState('');
  const list = useQuery({ queryKey: ['package-pick', 'alerts', caseId, revision], queryFn: () => api.alerts.list({ caseId }), enabled: revision !== null });
  const needle = text.trim().toLowerCase();
  const matching = (list.data ?? [])
    .filter((a) => !needle || a.title.toLowerCase().includes(needle) || a.severity.toLowerCase().includes(needle))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.title.localeCompare(b.title));
  const rows: PickRow[] | undefined = list.data
    ? matching.slice(0, SHOWN).map((a) => ({
        id: a.id,
        label: a.title,
        detail: (
          <>
            <span className={`sev sev-${a.severity}`}>{a.severity}</span> · {a.source}
          </>
        ),
      }))
    : undefined;
  return (
    <PickList
      title="Alerts"
      emptyMeans="every alert goes"
      search={text}
      onSearch={setText}
      searchLabel="Search alerts by title or severity"
      rows={rows}
      more={Math.max(0, matching.length - SHOWN)}
      picked={draft.alerts}
      onChange={(alerts) => onChange({ alerts })}
      error={list.error ? messageOf(list.error) : null}
    />
  );
}

/** Evidence items and imported files, by title: an import left out takes its records and events with it. */
export function EvidencePicker({ caseId, draft, onChange }: { caseId: string; draft: ExportDraft; onChange: Change }) {
  const revision = useRevision(caseId);
  const [text, setText] = useState('');
  const list = useQuery({ queryKey: ['package-pick', 'evidence', caseId, revision], queryFn: () => api.evidence.list({ caseId }), enabled: revision !== null });
  const needle = text.trim().toLowerCase();
  const matching = (list.data ?? []).filter((e) => !needle || e.title.toLowerCase().includes(needle));
  const rows: PickRow[] | undefined = list.data
    ? matching.slice(0, SHOWN).map((e) => ({
        id: e.id,
        label: e.title,
        detail: `${e.origin === 'import' ? 'imported file' : e.kind}${e.size !== null ? ` · ${formatBytes(e.size)}` : ''}`,
      }))
    : undefined;
  return (
    <PickList
      title="Evidence"
      emptyMeans="every item and imported file goes"
      search={text}
      onSearch={setText}
      searchLabel="Search evidence by title"
      rows={rows}
      more={Math.max(0, matching.length - SHOWN)}
      picked={draft.evidence}
      onChange={(evidence) => onChange({ evidence })}
      error={list.error ? messageOf(list.error) : null}
    />
  );
}
