import type { EntityRow, EntitySortKey } from '../../../shared/domain/entities';
import { formatCount } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { VerdictBadge } from '../../shared/ui/VerdictBadge';
import { RemediationBadge } from '../../shared/ui/RemediationBadge';
import { KIND_LABEL } from '../../shared/entityKinds';
import { defaultOrder, type EntityListView } from './view';

interface Props {
  rows: readonly EntityRow[];
  view: EntityListView;
  selected: ReadonlySet<string>;
  onSort: (sort: EntitySortKey, order: 'asc' | 'desc') => void;
  onSelect: (ids: string[], on: boolean) => void;
  onOpen: (id: string) => void;
}

const SHOWN_TAGS = 3;

function SortHeader({
  column,
  view,
  onSort,
  children,
  className,
}: {
  column: EntitySortKey;
  view: EntityListView;
  onSort: Props['onSort'];
  children: string;
  className?: string;
}) {
  const active = view.sort === column;
  return (
    <th scope="col" className={className} aria-sort={active ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className={`sort-btn${active ? ' is-active' : ''}`}
        onClick={() => onSort(column, active ? (view.order === 'asc' ? 'desc' : 'asc') : defaultOrder(column))}
      >
        {children}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (view.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** A page of entities: each value opens its page; the boxes choose entities for a verdict or a tag. */
export function EntityTable({ rows, view, selected, onSort, onSelect, onOpen }: Props) {
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const header = { view, onSort };
  return (
    <table className="table entity-table" aria-label="Entities">
      <thead>
        <tr>
          <th scope="col" className="col-check">
            <input
              type="checkbox"
              aria-label="Select every entity on this page"
              checked={allOnPage}
              onChange={(e) =>
                onSelect(
                  rows.map((r) => r.id),
                  e.target.checked,
                )
              }
            />
          </th>
          <SortHeader column="type" {...header}>
            Kind
          </SortHeader>
          <SortHeader column="display" className="col-value" {...header}>
            Value
          </SortHeader>
          <SortHeader column="events" className="col-num" {...header}>
            Events
          </SortHeader>
          <SortHeader column="alerts" className="col-num" {...header}>
            Alerts
          </SortHeader>
          <SortHeader column="firstSeen" className="col-time" {...header}>
            First seen (UTC)
          </SortHeader>
          <SortHeader column="lastSeen" className="col-time" {...header}>
            Last seen (UTC)
          </SortHeader>
          <SortHeader column="verdict" {...header}>
            Verdict
          </SortHeader>
          <th scope="col">Remediation</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={selected.has(r.id) ? 'is-selected' : undefined}>
            <td className="col-check">
              <input type="checkbox" aria-label={`Select ${r.display}`} checked={selected.has(r.id)} onChange={(e) => onSelect([r.id], e.target.checked)} />
            </td>
            <td className="col-kind">{KIND_LABEL[r.type]}</td>
            <td className="col-value">
              <button type="button" className="link-btn cell-ellipsis" title={r.display} onClick={() => onOpen(r.id)}>
                {r.display}
              </button>
              {r.matchesIndicator && (
                <span className="badge ioc-badge" title="An indicator of the case has this value">
                  IOC
                </span>
              )}
            </td>
            <td className="col-num">{formatCount(r.events)}</td>
            <td className="col-num">{r.alerts ? formatCount(r.alerts) : <span className="faint">0</span>}</td>
            <td className="col-time mono">{formatUtc(r.firstSeen).replace(' UTC', '')}</td>
            <td className="col-time mono">{formatUtc(r.lastSeen).replace(' UTC', '')}</td>
            <td>
              <VerdictBadge verdict={r.verdict} />
            </td>
            <td>
              <RemediationBadge status={r.remediationStatus} />
            </td>
            <td className="col-tags">
              {r.tags.slice(0, SHOWN_TAGS).map((t) => (
                <span key={t} className="chip">
                  {t}
                </span>
              ))}
              {r.tags.length > SHOWN_TAGS && <span className="faint"> +{r.tags.length - SHOWN_TAGS}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
