import { SEVERITIES, STATUSES, type CaseStatus, type Severity } from '../../../shared/domain/case';
import { useUi } from '../../shared/store';
import { SelectField, TextField } from '../../shared/ui/fields';
import { optionsOf } from '../../shared/ui/options';

const ALL = { value: 'all', label: 'All' };
const statusOptions = [ALL, ...optionsOf(STATUSES)];
const severityOptions = [ALL, ...optionsOf(SEVERITIES)];

export function CaseFilters() {
  const view = useUi((state) => state.caseList);
  const setView = useUi((state) => state.setCaseList);

  return (
    <div className="filters" role="search">
      <TextField
        className="field-inline field-search"
        label="Search titles"
        type="search"
        placeholder="Search titles…"
        data-shortcut-target="search"
        value={view.search}
        onChange={(event) => setView({ search: event.target.value })}
      />
      <SelectField
        className="field-inline"
        label="Status"
        options={statusOptions}
        value={view.status}
        onChange={(event) => setView({ status: event.target.value as CaseStatus | 'all' })}
      />
      <SelectField
        className="field-inline"
        label="Severity"
        options={severityOptions}
        value={view.severity}
        onChange={(event) => setView({ severity: event.target.value as Severity | 'all' })}
      />
    </div>
  );
}
