import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, type ReactNode } from 'react';
import { label } from '../../shared/domain/case';
import { db } from '../shared/db';
import { useUi } from '../shared/store';
import { Button } from '../shared/ui/Button';
import { SeverityBadge, StatusBadge } from '../shared/ui/badges';

/** The case's title, severity, status and TLP, its Import and Export buttons, then the tabs (`children`). */
export function WorkspaceHeader({ caseId, opened, children }: { caseId: string; opened: boolean; children: ReactNode }) {
  const record = useLiveQuery(() => db.cases.get(caseId), [caseId]);
  const closeCase = useUi((state) => state.closeCase);
  const openDialog = useUi((state) => state.openDialog);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a case moves keyboard focus to its title, as a page change would; Tab then reaches the tabs.
  useEffect(() => heading.current?.focus(), [caseId]);
  return (
    <div className="workspace-header">
      <button type="button" className="back-link" onClick={closeCase}>
        ← Cases
      </button>
      <div className="workspace-heading">
        <h1 id="workspace-title" ref={heading} tabIndex={-1} className="screen-title workspace-title" title={record?.title}>
          {record?.title ?? 'Loading…'}
        </h1>
        {record && (
          <span className="workspace-badges">
            <SeverityBadge severity={record.severity} />
            <StatusBadge status={record.status} />
            <span className={`tlp tlp-${record.tlp.replace('+', '-')}`}>{label(record.tlp)}</span>
          </span>
        )}
        <span className="spacer" />
        <Button onClick={() => openDialog('import')} disabled={!opened} title="Import timelines, alerts or indicators into this case">
          Import…
        </Button>
        <Button onClick={() => openDialog('export-package')} disabled={!opened} title="Export this case as an encrypted package">
          Export…
        </Button>
      </div>
      {children}
    </div>
  );
}
