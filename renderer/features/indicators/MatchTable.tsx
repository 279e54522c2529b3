import type { IndicatorMatch } from '../../../shared/domain/indicators';
import { formatUs } from '../../shared/time';
import { PLACE_LABELS, TYPE_LABELS } from './indicatorTypes';

const FIELD_LABELS: Record<string, string> = {
  message: 'message',
  attributes: 'attributes',
  host: 'host name',
  user: 'user name',
};

function where(match: IndicatorMatch, names: ReadonlyMap<string, string>): string {
  if (match.place === 'event') return `event ${match.eventId}, in its ${FIELD_LABELS[match.field ?? ''] ?? match.field}`;
  const id = match.entityId ?? match.alertId ?? '';
  // The read model holds only some entities: the others are named by the value the match found in them.
  return names.get(id) ?? (match.place === 'entity' ? `the entity ${match.value}` : id);
}

/** Pages of other tabs a match opens (given by the app: features do not import each other). */
export interface MatchNavigation {
  onOpenEntity?: (id: string) => void;
  onOpenAlert?: (id: string) => void;
}

/** One row per match: which indicator, the text found, where, when; an event opens in the timeline. */
export function MatchTable({
  matches,
  names,
  onOpenEvent,
  onOpenEntity,
  onOpenAlert,
}: {
  matches: readonly IndicatorMatch[];
  names: ReadonlyMap<string, string>;
  onOpenEvent: (match: IndicatorMatch) => void;
} & MatchNavigation) {
  return (
    <table className="table match-table">
      <caption className="sr-only">Where the case&apos;s indicators were found</caption>
      <thead>
        <tr>
          <th scope="col">Indicator</th>
          <th scope="col">Found as</th>
          <th scope="col">In</th>
          <th scope="col">Where</th>
          <th scope="col" className="col-time">
            Event time (UTC)
          </th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {matches.map((m, i) => (
          <tr key={`${m.indicatorId}:${m.place}:${m.eventId ?? m.entityId ?? m.alertId}:${m.field}:${i}`}>
            <td>
              <span className="ioc-type">{TYPE_LABELS[m.type]}</span>{' '}
              <span className="mono cell-ellipsis ioc-indicator" title={m.indicator}>
                {m.indicator}
              </span>
            </td>
            <td className="mono">
              <span className="cell-ellipsis ioc-found" title={m.value}>
                {m.value}
              </span>
            </td>
            <td className="nowrap">{PLACE_LABELS[m.place]}</td>
            <td>
              <span className="cell-ellipsis ioc-where" title={where(m, names)}>
                {where(m, names)}
              </span>
            </td>
            <td className="col-time mono">{m.time === null ? <span className="faint">—</span> : formatUs(m.time)}</td>
            <td className="nowrap">
              {m.place === 'event' && (
                <button type="button" className="link-btn" onClick={() => onOpenEvent(m)} aria-label={`Open event ${m.eventId} in the timeline`}>
                  Open in timeline
                </button>
              )}
              {m.entityId && onOpenEntity && m.place === 'entity' && (
                <button type="button" className="link-btn" onClick={() => onOpenEntity(m.entityId!)} aria-label={`Open the entity ${m.value}`}>
                  Open entity
                </button>
              )}
              {m.alertId && onOpenAlert && m.place === 'alert' && (
                <button type="button" className="link-btn" onClick={() => onOpenAlert(m.alertId!)} aria-label={`Open the alert ${where(m, names)}`}>
                  Open alert
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
