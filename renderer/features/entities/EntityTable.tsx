import type { EntityRow, EntitySortKey } from '../../../shared/domain/entities';
import { formatCount } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { VerdictBadge } from '../../shared/ui/VerdictBadge';
import { RemediationBadge } from '../../shared/ui/RemediationBadge';
import { SortableHeader } from '../../shared/ui/SortableHeader';
import { defaultOrder, type EntityListView } from './view';
import { EntityCells } from '../../shared/ui/EntityCells';

interface Props {
  rows: readonly EntityRow[];
  view: EntityListView;
  selected: ReadonlySet<string>;
  onSort: (sort: EntitySortKey, order: 'asc' | 'desc') => void;
  onSelect: (ids: string[], on: boolean) => void;
  onOpen: (id: string) => void;
}

const SHOWN_TAGS = 3;

/** The entity table's columns that sort, in the order shown. */
const SORTED_COLUMNS: { column: EntitySortKey; label: string; className?: string }[] = [
  { column: 'type', label: 'Kind' },
  { column: 'display', label: 'Value', className: 'col-value' },
  { column: 'events', label: 'Events', className: 'col-num' },
  { column: 'alerts', label: 'Alerts', className: 'col-num' },
  { column: 'firstSeen', label: 'First seen (UTC)', className: 'col-time' },
  { column: 'lastSeen', label: 'Last seen (UTC)', className: 'col-time' },
  { column: 'verdict', label: 'Verdict' },
];

/** A page of entities: each value opens its page; the boxes choose entities for a verdict or a tag. */
export function EntityTable({ rows, view, selected, onSort, onSelect, onOpen }: Props) {
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
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
          {SORTED_COLUMNS.map(({ column, label, className }) => (
            <SortableHeader
              key={column}
              className={className}
              active={view.sort === column}
              order={view.order}
              firstOrder={defaultOrder(column)}
              onSort={(order) => onSort(column, order)}
            >
              {label}
            </SortableHeader>
          ))}
          <th scope="col">Remediation</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <EntityTableRow key={r.id} row={r} selected={selected.has(r.id)} onSelect={onSelect} onOpen={onOpen} />
        ))}
      </tbody>
    </table>
  );
}

/** One entity: its box, its value (opening its page), counts, times, verdict, remediation and first tags. */
function EntityTableRow({ row: r, selected, onSelect, onOpen }: { row: EntityRow; selected: boolean; onSelect: Props['onSelect']; onOpen: Props['onOpen'] }) {
  return (
    <tr className={selected ? 'is-selected' : undefined}>
      <td className="col-check">
        <input type="checkbox" aria-label={`Select ${r.display}`} checked={selected} onChange={(e) => onSelect([r.id], e.target.checked)} />
      </td>
      <EntityCells type={r.type} display={r.display} onOpen={() => onOpen(r.id)}>
        {r.matchesIndicator && (
          <span className="badge ioc-badge" title="An indicator of the case has this value">
            IOC
          </span>
        )}
      </EntityCells>
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
  );
}
