import { useLiveQuery } from 'dexie-react-hooks';
import type { FormEvent, KeyboardEvent } from 'react';
import { CLASSIFICATIONS, DETERMINATIONS_BY_CLASSIFICATION, SEVERITIES, STATUSES, TLPS, type CaseRecord } from '../../../shared/domain/case';
import { db } from '../../shared/db';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { SelectField, TextAreaField, TextField } from '../../shared/ui/fields';
import { NotesPanel } from '../../shared/ui/NotesPanel';
import { optionsOf } from '../../shared/ui/options';
import { CaseTimes } from './CaseTimes';
import { ScopeDashboard, type OverviewNavigation } from './ScopeDashboard';
import { valueOf } from './draft';
import { TagEditor } from './TagEditor';
import { useCaseDraft } from './useCaseDraft';
import './overview.css';

const severityOptions = optionsOf(SEVERITIES);
const statusOptions = optionsOf(STATUSES);
const classificationOptions = optionsOf(CLASSIFICATIONS);
const tlpOptions = optionsOf(TLPS);

/** The case at a glance (counts that open their views, alerts, sources, entities, techniques, scope), its notes (newest first), then its fields to edit. */
export function OverviewTab({ caseId, onOpen, onOpenEntity }: { caseId: string } & OverviewNavigation) {
  const record = useLiveQuery(() => db.cases.get(caseId), [caseId]);
  return (
    <div className="overview-tab">
      <ScopeDashboard caseId={caseId} onOpen={onOpen} onOpenEntity={onOpenEntity} />
      <div className="overview-notes">
        <NotesPanel
          caseId={caseId}
          target={{ kind: 'case' }}
          title="Case notes"
          order="newest"
          empty="No case notes yet. Write what you know, what you did and what is left: each note is audited, and an edit keeps the earlier text."
        />
      </div>
      {/* Keyed by case: another case starts with a clean draft. */}
      {record && <OverviewForm key={record.id} record={record} />}
    </div>
  );
}

function OverviewForm({ record }: { record: CaseRecord }) {
  const { draft, change, discard, save, saving, outcome, changeCount } = useCaseDraft(record);
  const value = <F extends Parameters<typeof valueOf>[2]>(field: F) => valueOf(record, draft, field);
  const determinationOptions = optionsOf(DETERMINATIONS_BY_CLASSIFICATION[value('classification')]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };
  // Ctrl+S saves from any field, including the description where Enter makes a new line.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save();
    }
  };

  return (
    <form className="overview" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-labelledby="case-fields-title">
      <div className="overview-main stack">
        <h2 id="case-fields-title" className="section-title">
          Case fields
        </h2>
        <TextField label="Title" value={value('title')} onChange={(e) => change('title', e.target.value)} maxLength={300} />
        <TextAreaField label="Description" rows={12} value={value('description')} onChange={(e) => change('description', e.target.value)} />
        <div className="save-bar">
          <Button type="submit" variant="primary" busy={saving} disabled={changeCount === 0} title="Save (Ctrl+S)" aria-keyshortcuts="Control+S">
            Save
          </Button>
          <Button onClick={discard} disabled={changeCount === 0 || saving}>
            Discard
          </Button>
          <span className="muted" aria-live="polite">
            {changeCount > 0 ? `${changeCount} unsaved change${changeCount === 1 ? '' : 's'}` : ''}
          </span>
        </div>
        {outcome && <Alert tone={outcome.tone}>{outcome.message}</Alert>}
      </div>
      <aside className="overview-side">
        <div className="grid-2">
          <SelectField label="Severity" options={severityOptions} value={value('severity')} onChange={(e) => change('severity', e.target.value)} />
          <SelectField label="Status" options={statusOptions} value={value('status')} onChange={(e) => change('status', e.target.value)} />
        </div>
        <SelectField
          label="Classification"
          options={classificationOptions}
          value={value('classification')}
          onChange={(e) => change('classification', e.target.value)}
        />
        <SelectField
          label="Determination"
          options={determinationOptions}
          value={value('determination')}
          onChange={(e) => change('determination', e.target.value)}
          hint={value('classification') === 'unknown' ? 'Choose a classification first.' : undefined}
        />
        <div className="grid-2">
          <TextField label="Owner" value={value('owner')} onChange={(e) => change('owner', e.target.value)} maxLength={200} />
          <SelectField label="TLP" options={tlpOptions} value={value('tlp')} onChange={(e) => change('tlp', e.target.value)} />
        </div>
        <TagEditor tags={value('tags')} onChange={(tags) => change('tags', tags)} />
        <CaseTimes record={record} />
      </aside>
    </form>
  );
}
