import type { AuditEntry } from '../../../shared/domain/audit';
import { formatUtc } from '../../shared/time';
import { formatValue, shorten } from './formatValue';

/** Every journal entry, oldest first, each change as field: old → new. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <table className="table audit-table">
      <thead>
        <tr>
          <th scope="col" className="col-num">
            Seq
          </th>
          <th scope="col" className="col-time">
            Time
          </th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col" className="col-changes">
            Changes
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq}>
            <td className="col-num mono">{entry.seq}</td>
            <td className="col-time mono">{formatUtc(entry.at)}</td>
            <td className="nowrap">{entry.actor}</td>
            <td className="mono nowrap">{entry.type}</td>
            <td className="col-changes">
              <ul className="changes">
                {entry.changes.map((change) => {
                  const from = formatValue(change.from);
                  const to = formatValue(change.to);
                  return (
                    <li key={change.field} className="change">
                      <span className="change-field">{change.field}:</span>{' '}
                      <span className={change.from === undefined || change.from === null ? 'change-none' : 'change-old'} title={from}>
                        {shorten(from)}
                      </span>{' '}
                      <span className="change-arrow" aria-label="changed to">
                        →
                      </span>{' '}
                      <span className="change-new" title={to}>
                        {shorten(to)}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
