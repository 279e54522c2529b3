import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../shared/db';
import { AuditTable } from './AuditTable';
import { ChainStatus } from './ChainStatus';
import './audit.css';

export function AuditTab({ caseId }: { caseId: string }) {
  const entries = useLiveQuery(() => db.audit.where('caseId').equals(caseId).sortBy('seq'), [caseId]);
  const verification = useLiveQuery(() => db.verifications.get(caseId), [caseId]);

  return (
    <div className="audit stack">
      <ChainStatus caseId={caseId} verification={verification} entryCount={entries?.length ?? 0} />
      <div className="table-wrap">
        {entries && entries.length > 0 && <AuditTable entries={entries} />}
        {entries && entries.length === 0 && <p className="empty muted">No journal entries loaded.</p>}
      </div>
    </div>
  );
}
