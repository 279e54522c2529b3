import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { SavedView } from '../../../shared/domain/scope';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import type { TimelineView } from '../../shared/store';
import { filterOf } from './view';

/** Saved views are not case records (no revision): they are asked for once and replaced by each save or delete's answer. */
const viewsKey = (caseId: string) => ['saved-views', caseId] as const;

interface Props {
  caseId: string;
  view: TimelineView;
  onApply: (change: Partial<Omit<TimelineView, 'caseId'>>) => void;
}

/** Named views of this case's timeline (filter, range, stacking, lanes): save the current one, apply or delete one. */
export function SavedViews({ caseId, view, onApply }: Props) {
  const client = useQueryClient();
  const pickId = useId();
  const views = useQuery({ queryKey: viewsKey(caseId), queryFn: () => api.savedViews.list({ caseId }) });
  const [picked, setPicked] = useState('');
  const [naming, setNaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = views.data?.find((v) => v.name === picked);

  const run = async (work: Promise<SavedView[]>, after: (list: SavedView[]) => void) => {
    try {
      const list = await work;
      client.setQueryData(viewsKey(caseId), list);
      setError(null);
      after(list);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const save = (name: string) => {
    const lanes = view[view.laneField === 'host' ? 'hosts' : 'users'];
    const saved = { name, filter: filterOf(view), splitBy: view.splitBy, lanes: lanes.length ? { field: view.laneField, values: lanes } : null };
    void run(api.savedViews.save({ caseId, view: saved }), () => {
      setPicked(saved.name);
      setNaming(false);
    });
  };

  return (
    <div className="saved-views" role="group" aria-label="Saved views">
      <label className="sr-only" htmlFor={pickId}>
        Saved view
      </label>
      <select id={pickId} className="input select" value={picked} onChange={(e) => setPicked(e.target.value)}>
        <option value="">{views.data?.length ? 'Saved views…' : 'No saved views yet'}</option>
        {views.data?.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
      <button type="button" className="btn" aria-disabled={!chosen || undefined} onClick={() => chosen && onApply(viewOf(chosen))}>
        Apply
      </button>
      <button
        type="button"
        className="btn btn-ghost"
        aria-disabled={!chosen || undefined}
        onClick={() => chosen && void run(api.savedViews.delete({ caseId, name: chosen.name }), () => setPicked(''))}
      >
        Delete
      </button>
      {naming ? (
        <SaveViewForm onSave={save} onCancel={() => setNaming(false)} />
      ) : (
        <button type="button" className="btn" onClick={() => setNaming(true)} title="Save the filters, time range, stacking and lanes under a name">
          Save view…
        </button>
      )}
      {(error ?? views.error) && (
        <span className="field-error" role="alert">
          {error ?? messageOf(views.error)}
        </span>
      )}
    </div>
  );
}

/** The timeline view a saved view stands for: its filter, range and stacking; the rest cleared. */
function viewOf(saved: SavedView): Partial<Omit<TimelineView, 'caseId'>> {
  const f = saved.filter;
  return {
    text: f.text ?? '',
    hosts: f.hosts ?? [],
    users: f.users ?? [],
    sources: f.sources ?? [],
    tags: f.tags ?? [],
    entity: f.entity ?? '',
    marks: f.marks ?? [],
    from: f.from ?? null,
    to: f.to ?? null,
    splitBy: saved.splitBy,
    ...(saved.lanes ? { laneField: saved.lanes.field } : {}),
  };
}

/** The name of the view to save (Enter saves, Escape gives up). */
function SaveViewForm({ onSave, onCancel }: { onSave: (name: string) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(name.trim());
  };
  return (
    <form className="saved-view-form" onSubmit={submit} aria-label="Save this view">
      <label className="sr-only" htmlFor={id}>
        View name
      </label>
      <input
        id={id}
        className="input"
        placeholder="Name this view"
        value={name}
        maxLength={100}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      />
      <button type="submit" className="btn btn-primary">
        Save
      </button>
    </form>
  );
}
