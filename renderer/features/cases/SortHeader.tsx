import type { CaseSortColumn } from '../../shared/store';
import { useUi } from '../../shared/store';
import { SortableHeader } from '../../shared/ui/SortableHeader';
import { defaultDirection } from './caseQuery';

/** A column header of the case list: sorts by its column (kept in the UI store); clicking again reverses the direction. */
export function SortHeader({ column, children, className }: { column: CaseSortColumn; children: string; className?: string }) {
  const sort = useUi((state) => state.caseList.sort);
  const setView = useUi((state) => state.setCaseList);
  return (
    <SortableHeader
      className={className}
      active={sort.column === column}
      order={sort.direction}
      firstOrder={defaultDirection(column)}
      onSort={(direction) => setView({ sort: { column, direction } })}
    >
      {children}
    </SortableHeader>
  );
}
