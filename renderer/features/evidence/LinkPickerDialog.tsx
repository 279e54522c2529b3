import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ENTITY_TYPES } from '../../../shared/domain/records';
import type { EvidenceItem } from '../../../shared/domain/evidence';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatUs } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { SelectField, TextField } from '../../shared/ui/fields';
import { recordEvidence } from './queries';

type Kind = 'entities' | 'alerts' | 'events';
const KIND_OPTIONS = [
  { value: 'entities', label: 'Entities' },
  { value: 'alerts', label: 'Alerts' },
  { value: 'events', label: 'Timeline events' },
];
const TYPE_OPTIONS = [{ value: '', label: 'Any type' }, ...ENTITY_TYPES.map((t) => ({ value: t, label: t }))];
const SHOWN = 50;

/** One row the picker offers: what it links to, how it reads. */
interface Candidate {
  id: string;
  label: string;
  detail: string;
}

/** What the case has of one kind matching the search: entities by value (and type), alerts by title, events by text or by id. */
function useCandidates(caseId: string, kind: Kind, text: string, type: string) {
  return useQuery({
    queryKey: ['evidence-link-candidates', caseId, kind, text, type],
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<Candidate[]> => {
      if (kind === 'entities') {
        const found = await api.entities.list({ caseId, text: text || undefined, types: type ? [type as never] : undefined, limit: SHOWN });
        return found.rows.map((r) => ({ id: r.id, label: r.display, detail: `${r.type} · ${r.events} events` }));
      }
      if (kind === 'alerts') {
        const lower = text.toLowerCase();
        const alerts = await api.alerts.list({ caseId });
        return alerts
          .filter((a) => !lower || a.title.toLowerCase().includes(lower) || a.id === text)
          .slice(0, SHOWN)
          .map((a) => ({ id: a.id, label: a.title, detail: `${a.severity} · ${a.source}` }));
      }
      const page = await api.timeline.page({ caseId, filter: /^\d+$/.test(text) ? {} : { text: text || undefined }, limit: SHOWN });
      const byId: Candidate[] = /^\d+$/.test(text) ? [{ id: text, label: `Event #${text}`, detail: 'by its id (checked when linked)' }] : [];
      const events = /^\d+$/.test(text) ? [] : page.events;
      return [...byId, ...events.map((e) => ({ id: String(e.id), label: e.message, detail: `${formatUs(e.time)} · ${e.host || 'no host'} · #${e.id}` }))];
    },
  });
}

/**
 * Picks entities, alerts or timeline events to link an evidence item to: a search per kind, candidates
 * ticked, then one link record for all of them. What is already linked is shown ticked and cannot be picked twice.
 */
export function LinkPickerDialog({ caseId, item, onClose }: { caseId: string; item: EvidenceItem; onClose: () => void }) {
  const [kind, setKind] = useState<Kind>('entities');
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  const [picked, setPicked] = useState<{ entities: string[]; alerts: string[]; events: string[] }>({ entities: [], alerts: [], events: [] });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const candidates = useCandidates(caseId, kind, text.trim(), type);
  const count = picked.entities.length + picked.alerts.length + picked.events.length;

  const toggle = (id: string) => setPicked((p) => ({ ...p, [kind]: p[kind].includes(id) ? p[kind].filter((x) => x !== id) : [...p[kind], id] }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!count) return;
    setBusy(true);
    setError(null);
    try {
      await recordEvidence(() => api.evidence.link({ caseId, itemId: item.id, add: picked }));
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const rows = candidates.data ?? [];
  return (
    <Dialog title={`Link “${item.title}”`} onClose={onClose} busy={busy} className="ev-link-dialog">
      <form onSubmit={submit} className="stack">
        <div className="ev-link-search">
          <SelectField label="Link to" options={KIND_OPTIONS} value={kind} onChange={(e) => setKind(e.target.value as Kind)} />
          {kind === 'entities' && <SelectField label="Entity type" options={TYPE_OPTIONS} value={type} onChange={(e) => setType(e.target.value)} />}
          <TextField
            label="Search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={kind === 'entities' ? 'host name, user, address, hash…' : kind === 'alerts' ? 'alert title…' : 'message text, or an event id'}
          />
        </div>
        {candidates.error && <Alert tone="error">Could not search: {messageOf(candidates.error)}</Alert>}
        <fieldset className="ev-link-results" aria-busy={candidates.isFetching}>
          <legend className="sr-only">Matching {KIND_OPTIONS.find((k) => k.value === kind)!.label.toLowerCase()}</legend>
          {candidates.data && rows.length === 0 && <p className="faint">Nothing in this case matches.</p>}
          {rows.map((c) => {
            const linked = item.links[kind].includes(c.id);
            return (
              <label key={c.id} className={linked ? 'ev-link-row is-linked' : 'ev-link-row'}>
                <input type="checkbox" checked={linked || picked[kind].includes(c.id)} disabled={linked} onChange={() => toggle(c.id)} />
                <span className="ev-link-label">{c.label}</span>
                <span className="faint ev-link-detail">{linked ? 'already linked' : c.detail}</span>
              </label>
            );
          })}
          {rows.length >= SHOWN && <p className="faint">The first {SHOWN}; search to narrow.</p>}
        </fieldset>
        {error && <Alert tone="error">{error}</Alert>}
        <div className="actions">
          <span className="faint">{count ? `${count} picked` : 'Tick what this item is evidence of'}</span>
          <span className="spacer" />
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!count}>
            {count ? `Link ${count}` : 'Link'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
