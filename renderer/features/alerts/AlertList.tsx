import { useState } from 'react';
import { Techniques } from '../../shared/ui/Techniques';
import { messageOf } from '../../shared/errors';
import { formatCount, plural } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { SeverityBadge } from '../../shared/ui/badges';
import { useAlerts } from './queries';
import { sortAlerts, type AlertSortKey } from './sort';
import { SortableHeader } from '../../shared/ui/SortableHeader';
import type { AlertRow as AlertRowData } from '../../../shared/domain/entities';

const COLUMNS: { key: AlertSortKey; label: string; className?: string }[] = [
  { key: 'severity', label: 'Severity' },
  { key: 'status', label: 'Status' },
  { key: 'title', label: 'Alert', className: 'col-title' },
  { key: 'category', label: 'Category' },
  { key: 'detectionSource', label: 'Detection source' },
  { key: 'firstActivity', label: 'First activity (UTC)', className: 'col-time' },
  { key: 'lastActivity', label: 'Last activity (UTC)', className: 'col-time' },
  { key: 'entityCount', label: 'Entities', className: 'col-num' },
];

/** Columns of names sort A to Z on a first click; the rest (severity, times, counts) highest first. */
const NAMED = new Set<AlertSortKey>(['title', 'category', 'status', 'detectionSource']);

/** The case's alerts, most severe first; each title opens the alert. */
export function AlertList({ caseId, onOpen }: { caseId: string; onOpen: (id: string) => void }) {
  const alerts = useAlerts(caseId);
  const [sort, setSort] = useState<{ key: AlertSortKey; order: 'asc' | 'desc' }>({ key: 'severity', order: 'desc' });
  if (alerts.error) return <Alert tone="error">Could not list the alerts: {messageOf(alerts.error)}</Alert>;
  if (!alerts.data)
    return (
      <p className="muted" aria-busy="true">
        Loading the alerts…
      </p>
    );
  if (alerts.data.length === 0) {
    return (
      <div className="empty">
        <p>No alerts in this case.</p>
        <p className="faint">Import a Defender or Sentinel incident, or a Graph alerts export: its alerts, their evidence and techniques are listed here.</p>
      </div>
    );
  }
  const rows = sortAlerts(alerts.data, sort.key, sort.order);
  return (
    <div className="alert-list">
      <p className="muted">{plural(rows.length, 'alert')}</p>
      <div className="table-wrap">
        <table className="table alert-table" aria-label="Alerts">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <SortableHeader
                  key={c.key}
                  className={c.className}
                  active={sort.key === c.key}
                  order={sort.order}
                  firstOrder={NAMED.has(c.key) ? 'asc' : 'desc'}
                  onSort={(order) => setSort({ key: c.key, order })}
                >
                  {c.label}
                </SortableHeader>
              ))}
              <th scope="col">ATT&amp;CK techniques</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <AlertRow key={a.id} alert={a} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One alert: severity, status, its title (opening it), category, source, activity, entity count and techniques. */
function AlertRow({ alert: a, onOpen }: { alert: AlertRowData; onOpen: (id: string) => void }) {
  return (
    <tr>
      <td>
        <SeverityBadge severity={a.severity} />
      </td>
      <td>{a.status}</td>
      <td className="col-title">
        <button type="button" className="link-btn cell-ellipsis" title={a.title} onClick={() => onOpen(a.id)}>
          {a.title}
        </button>
      </td>
      <td>{a.category ?? <span className="faint">–</span>}</td>
      <td>{a.detectionSource ?? <span className="faint">–</span>}</td>
      <td className="col-time mono">{formatUtc(a.firstActivity).replace(' UTC', '')}</td>
      <td className="col-time mono">{formatUtc(a.lastActivity).replace(' UTC', '')}</td>
      <td className="col-num">{formatCount(a.entityCount)}</td>
      <td>
        <Techniques ids={a.mitreTechniques} compact />
      </td>
    </tr>
  );
}
