import { label, SEVERITIES } from '../../../shared/domain/case';
import type { AlertRecord } from '../../../shared/domain/records';
import { formatCount } from '../../shared/format';

/** Alerts by severity (most severe first) and by status, as counted bars. */
export function AlertBreakdown({ alerts, onOpen }: { alerts: readonly AlertRecord[] | undefined; onOpen: () => void }) {
  if (!alerts) return <p className="faint">Reading the alerts…</p>;
  if (alerts.length === 0) {
    return <p className="faint">No alerts yet. Import a Defender (Graph) incident, Sentinel incidents or Hayabusa results to see them here.</p>;
  }
  const bySeverity = [...SEVERITIES].reverse().map((s) => ({ key: s, label: label(s), count: alerts.filter((a) => a.severity === s).length }));
  const statuses = [...new Set(alerts.map((a) => a.status))].sort();
  const byStatus = statuses.map((s) => ({ key: s, label: label(s), count: alerts.filter((a) => a.status === s).length })).sort((a, b) => b.count - a.count);
  return (
    <div className="alert-breakdown">
      <Bars title="By severity" rows={bySeverity.filter((r) => r.count > 0)} total={alerts.length} tone={(key) => `sev-bar sev-${key}`} />
      <Bars title="By status" rows={byStatus} total={alerts.length} tone={() => 'status-bar'} />
      <button type="button" className="btn btn-ghost" onClick={onOpen}>
        {alerts.length === 1 ? 'Open the alert' : `Open the ${formatCount(alerts.length)} alerts`}
      </button>
    </div>
  );
}

function Bars({
  title,
  rows,
  total,
  tone,
}: {
  title: string;
  rows: { key: string; label: string; count: number }[];
  total: number;
  tone: (key: string) => string;
}) {
  return (
    <table className="bar-table">
      <caption>{title}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="bar-cell">
              <span className={`bar ${tone(r.key)}`} style={{ width: `${Math.max(2, (r.count / total) * 100)}%` }} aria-hidden="true" />
            </td>
            <td className="mono bar-count">{formatCount(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
