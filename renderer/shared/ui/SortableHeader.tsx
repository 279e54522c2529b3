export type SortOrder = 'asc' | 'desc';

interface Props {
  children: string;
  className?: string;
  /** Whether the table is sorted by this column now, and in which order. */
  active: boolean;
  order: SortOrder;
  /** The order a first click sorts in (descending for counts and times, ascending for names). */
  firstOrder: SortOrder;
  onSort: (order: SortOrder) => void;
}

/** A column header that sorts its table by its column; clicking it again reverses the order. Screen readers hear the order (aria-sort). */
export function SortableHeader({ children, className, active, order, firstOrder, onSort }: Props) {
  const shown = active ? order : null;
  return (
    <th scope="col" className={className} aria-sort={shown === 'asc' ? 'ascending' : shown === 'desc' ? 'descending' : 'none'}>
      <button
        type="button"
        className={`sort-btn${active ? ' is-active' : ''}`}
        onClick={() => onSort(active ? (order === 'asc' ? 'desc' : 'asc') : firstOrder)}
      >
        {children}
        <span className="sort-arrow" aria-hidden="true">
          {shown === 'asc' ? '▲' : shown === 'desc' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}
