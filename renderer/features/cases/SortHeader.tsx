import type { CaseSortColumn } from '../../shared/store';
import { useUi } from '../../shared/store';
import { defaultDirection } from './caseQuery';

/** A column header that sorts by its column; clicking again reverses the direction. */
export function SortHeader({ column, children, className }: { column: CaseSortColumn; children: string; className?: string }) {
  const sort = useUi((state) => state.caseList.sort);
  const setView = useUi((state) => state.setCaseList);
  const active = sort.column === column;

  const toggle = () =>
    setView({
      sort: active ? { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: defaultDirection(column) },
    });

  return (
    <th scope="col" className={className} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-btn${active ? ' is-active' : ''}`} onClick={toggle}>
        {children}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
