import type { CooccurringEntity, RelatedAlert } from '../../../shared/domain/entities';
import type { EventPage } from '../../../shared/domain/timeline';
import { formatCount } from '../../shared/format';
import { formatUs, formatUtc } from '../../shared/time';
import { SeverityBadge } from '../../shared/ui/badges';
import { EntityCells } from '../../shared/ui/EntityCells';

export function RelatedAlerts({ alerts, onOpenAlert }: { alerts: readonly RelatedAlert[]; onOpenAlert: (id: string) => void }) {
  if (alerts.length === 0) return <p className="faint">No alert names it.</p>;
  return (
    <table className="table" aria-label="Alerts that name it">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Status</th>
          <th scope="col">Alert</th>
          <th scope="col" className="col-time">
            First activity (UTC)
          </th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id}>
            <td>
              <SeverityBadge severity={a.severity} />
            </td>
            <td>{a.status}</td>
            <td>
              <button type="button" className="link-btn" onClick={() => onOpenAlert(a.id)}>
                {a.title}
              </button>
            </td>
            <td className="col-time mono">{formatUtc(a.firstActivity).replace(' UTC', '')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Cooccurring({ entities, sample, onOpen }: { entities: readonly CooccurringEntity[]; sample: number; onOpen: (id: string) => void }) {
  if (entities.length === 0) return <p className="faint">No other entity was seen in its events or alerts.</p>;
  return (
    <>
      <table className="table" aria-label="Entities seen with it">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Value</th>
            <th scope="col" className="col-num">
              Events together
            </th>
            <th scope="col" className="col-num">
              Alerts together
            </th>
          </tr>
        </thead>
        <tbody>
          {entities.map((e) => (
            <tr key={e.id}>
              <EntityCells type={e.type} display={e.display} onOpen={() => onOpen(e.id)} />
              <td className="col-num">{formatCount(e.together)}</td>
              <td className="col-num">{formatCount(e.sharedAlerts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sample > 0 && <p className="faint small">Counted in its latest {formatCount(sample)} events.</p>}
    </>
  );
}

export function EntityEvents({ page }: { page: EventPage | undefined }) {
  if (!page) return <p className="muted">Loading its events…</p>;
  if (page.total === 0) return <p className="faint">No timeline events name it.</p>;
  return (
    <>
      <table className="table entity-events" aria-label="Its latest events">
        <thead>
          <tr>
            <th scope="col" className="col-time">
              Time (UTC)
            </th>
            <th scope="col">Host</th>
            <th scope="col">User</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {page.events.map((e) => (
            <tr key={e.id}>
              <td className="col-time mono">{formatUs(e.time).replace(' UTC', '')}</td>
              <td>{e.host || <span className="faint">–</span>}</td>
              <td>{e.user || <span className="faint">–</span>}</td>
              <td className="entity-event-message">
                <span className="cell-ellipsis" title={e.message}>
                  {e.message}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="faint small">
        The latest {formatCount(page.events.length)} of {formatCount(page.total)} events.
      </p>
    </>
  );
}
