import { ACTION_SOURCES } from '../../../shared/domain/actions';
import { SelectField, TextField } from '../../shared/ui/fields';
import { AGE_OPTIONS, KIND_OPTIONS, SOURCE_LABELS } from './labels';

export interface ActionFilterView {
  kind: string;
  source: string;
  target: string;
  age: string;
}

export const NO_FILTER: ActionFilterView = { kind: '', source: '', target: '', age: '' };

/** The queue's filters: kind, target, source and age. */
export function ActionFilters({ view, onChange }: { view: ActionFilterView; onChange: (change: Partial<ActionFilterView>) => void }) {
  return (
    <div className="action-filters" role="group" aria-label="Filter the actions">
      <SelectField
        label="Kind"
        value={view.kind}
        options={[{ value: '', label: 'All kinds' }, ...KIND_OPTIONS]}
        onChange={(e) => onChange({ kind: e.target.value })}
      />
      <TextField
        label="Target"
        type="search"
        value={view.target}
        placeholder="Name, device id, SID, hash"
        onChange={(e) => onChange({ target: e.target.value })}
      />
      <SelectField
        label="Source"
        value={view.source}
        options={[{ value: '', label: 'All sources' }, ...ACTION_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))]}
        onChange={(e) => onChange({ source: e.target.value })}
      />
      <SelectField label="Age" value={view.age} options={AGE_OPTIONS} onChange={(e) => onChange({ age: e.target.value })} />
    </div>
  );
}
