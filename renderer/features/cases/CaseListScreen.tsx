import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { db } from '../../shared/db';
import { useUi } from '../../shared/store';
import { Button } from '../../shared/ui/Button';
import { CaseFilters } from './CaseFilters';
import { CaseTable } from './CaseTable';
import { queryCases } from './caseQuery';
import { CreateCaseDialog } from './CreateCaseDialog';
import { UnreadableCases } from './UnreadableCases';
import { VaultNotices } from './VaultNotices';
import './cases.css';

export function CaseListScreen() {
  const all = useLiveQuery(() => db.cases.toArray(), []);
  const view = useUi((state) => state.caseList);
  const setView = useUi((state) => state.setCaseList);
  const dialog = useUi((state) => state.dialog);
  const openDialog = useUi((state) => state.openDialog);
  const shown = useMemo(() => queryCases(all ?? [], view), [all, view]);
  const filtered = view.search !== '' || view.status !== 'all' || view.severity !== 'all';

  return (
    <section className="screen case-list" aria-labelledby="case-list-title">
      <div className="toolbar">
        <h1 id="case-list-title" className="screen-title">
          Cases
        </h1>
        <span className="count muted" aria-live="polite">
          {all ? (filtered ? `${shown.length} of ${all.length}` : `${all.length}`) : ''}
        </span>
        <CaseFilters />
        <span className="spacer" />
        <Button onClick={() => openDialog('import')} title="Import an incident export or a timeline as new cases">
          Import…
        </Button>
        <Button onClick={() => openDialog('import-package')} title="Verify and import a case package from another examiner">
          Import package…
        </Button>
        <Button variant="primary" onClick={() => openDialog('new-case')}>
          New case
        </Button>
      </div>
      <VaultNotices />
      <UnreadableCases />
      <div className="table-wrap">
        {all && shown.length > 0 && <CaseTable cases={shown} />}
        {all && all.length === 0 && (
          <div className="empty">
            <p>No cases in this vault yet.</p>
            <Button variant="primary" onClick={() => openDialog('new-case')}>
              Create the first case
            </Button>
          </div>
        )}
        {all && all.length > 0 && shown.length === 0 && (
          <div className="empty">
            <p>No case matches these filters.</p>
            <Button onClick={() => setView({ search: '', status: 'all', severity: 'all' })}>Clear filters</Button>
          </div>
        )}
      </div>
      {dialog === 'new-case' && <CreateCaseDialog />}
    </section>
  );
}
