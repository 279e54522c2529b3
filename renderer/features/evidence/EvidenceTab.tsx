import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { custodyReportBase } from '../../../shared/domain/evidence';
import { db } from '../../shared/db';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { AddEvidenceDialog } from './AddEvidenceDialog';
import { EvidenceItemPage } from './EvidenceItemPage';
import type { LinkNavigation } from './ItemLinks';
import { EvidenceList } from './EvidenceList';
import { useEvidenceList } from './queries';
import { ReportButton } from './ReportButton';
import './evidence.css';

/**
 * The case's evidence: items ingested into the vault or held elsewhere, and
 * the files imports logged, in one list; an item's page holds its chain of
 * custody. Every change is a journal record, so the list follows the revision.
 */
export function EvidenceTab({
  caseId,
  itemId,
  onOpenItem,
  nav,
}: {
  caseId: string;
  /** The item shown, or null for the list (the workspace holds it, so other pages can open an item). */
  itemId: string | null;
  onOpenItem: (id: string | null) => void;
  nav: LinkNavigation;
}) {
  const [adding, setAdding] = useState(false);
  const list = useEvidenceList(caseId);
  const caseTitle = useLiveQuery(() => db.cases.get(caseId), [caseId])?.title ?? 'case';
  const setItemId = onOpenItem;
  if (itemId) return <EvidenceItemPage caseId={caseId} itemId={itemId} onBack={() => setItemId(null)} nav={nav} />;
  const rows = list.data ?? [];
  const mismatched = rows.filter((r) => r.lastVerification?.result === 'mismatch');
  return (
    <div className="evidence stack">
      <div className="ev-toolbar">
        <h2 className="ev-title">{list.data ? plural(rows.length, 'evidence item') : 'Evidence'}</h2>
        <span className="spacer" />
        <ReportButton caseId={caseId} label="Case custody report…" defaultName={`${custodyReportBase(caseTitle, 'case')}.pdf`} />
        <Button variant="primary" onClick={() => setAdding(true)}>
          Add evidence…
        </Button>
      </div>
      {list.error && <Alert tone="error">Could not read the evidence: {messageOf(list.error)}</Alert>}
      {mismatched.length > 0 && (
        <div className="ev-alarm" role="alert">
          <strong>HASH MISMATCH at the last verification of: {mismatched.map((r) => `“${r.title}”`).join(', ')}.</strong> Its bytes in the vault are not those
          that were recorded.
        </div>
      )}
      {list.data && rows.length === 0 && (
        <div className="empty">
          <p>No evidence in this case yet.</p>
          <p className="faint">Add a disk or memory image, a triage collection, or an item held elsewhere with its hashes. Imported files appear here too.</p>
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <EvidenceList rows={rows} onOpen={setItemId} />
        </div>
      )}
      {adding && (
        <AddEvidenceDialog
          caseId={caseId}
          onClose={() => setAdding(false)}
          onAdded={(id) => {
            setAdding(false);
            setItemId(id);
          }}
        />
      )}
    </div>
  );
}
