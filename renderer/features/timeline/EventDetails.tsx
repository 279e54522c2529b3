import { useEffect, useRef, type ReactNode } from 'react';
import type { StoredEvent } from '../../../shared/domain/timeline';
import { formatUs } from '../../shared/time';
import type { FilterFacet } from './view';

interface Props {
  event: StoredEvent;
  position: string;
  onClose: () => void;
  onFilter: (facet: FilterFacet, value: string) => void;
  /** The story's part of the panel (star, flag, tags, links, notes), given by the app. */
  story?: ReactNode;
}

/** Every field of one event, attributes included, with buttons to filter on its host, user, source or tags. */
export function EventDetails({ event, position, onClose, onFilter, story }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const attributes = Object.entries(event.attributes).sort(([a], [b]) => a.localeCompare(b));
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [event.id]);

  return (
    <aside
      className="event-details"
      aria-labelledby="event-details-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="details-header">
        <h2 id="event-details-title" ref={heading} className="section-title">
          Event details <span className="faint">{position}</span>
        </h2>
        <button type="button" className="icon-btn" aria-label="Close details" title="Close (Escape)" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="details-body">
        <EventFacts event={event} onFilter={onFilter} />
        {story && <div className="details-story">{story}</div>}
        <h3 className="details-section">Message</h3>
        <p className="details-message selectable">{event.message || <span className="faint">(empty)</span>}</p>
        <h3 className="details-section">
          Attributes <span className="faint">· {attributes.length}</span>
        </h3>
        <AttributesTable attributes={attributes} />
      </div>
    </aside>
  );
}

/** A value with a button that filters the timeline on it (none: a dash). */
function Filterable({ facet, value, onFilter }: { facet: FilterFacet; value: string; onFilter: Props['onFilter'] }) {
  if (!value) return <span className="faint">—</span>;
  return (
    <span className="details-value">
      <span className="selectable">{value}</span>
      <button type="button" className="details-filter" onClick={() => onFilter(facet, value)} aria-label={`Filter on ${facet} ${value}`}>
        Filter
      </button>
    </span>
  );
}

/** Time, description, source, host, user, tags and id; each facet value can filter the timeline. */
function EventFacts({ event, onFilter }: Pick<Props, 'event' | 'onFilter'>) {
  return (
    <dl className="details-facts">
      <dt>Time</dt>
      <dd className="mono selectable">{formatUs(event.time)}</dd>
      <dt>Description</dt>
      <dd>{event.timestampDesc || <span className="faint">—</span>}</dd>
      <dt>Source</dt>
      <dd>
        <Filterable facet="source" value={event.source} onFilter={onFilter} />
      </dd>
      <dt>Host</dt>
      <dd>
        <Filterable facet="host" value={event.host} onFilter={onFilter} />
      </dd>
      <dt>User</dt>
      <dd>
        <Filterable facet="user" value={event.user} onFilter={onFilter} />
      </dd>
      <dt>Tags</dt>
      <dd className="chips">
        {event.tags.length === 0 && <span className="faint">—</span>}
        {event.tags.map((tag) => (
          <button key={tag} type="button" className="chip details-tag" onClick={() => onFilter('tag', tag)} aria-label={`Filter on tag ${tag}`}>
            {tag}
          </button>
        ))}
      </dd>
      <dt>Event id</dt>
      <dd className="mono faint">{event.id}</dd>
    </dl>
  );
}

function AttributesTable({ attributes }: { attributes: [string, string][] }) {
  if (attributes.length === 0) return <p className="faint">none</p>;
  return (
    <table className="table attributes-table" aria-label="Attributes">
      <tbody>
        {attributes.map(([key, value]) => (
          <tr key={key}>
            <th scope="row" className="mono">
              {key}
            </th>
            <td className="mono selectable">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
