import { useEffect, useRef, type KeyboardEvent } from 'react';
import { label, type CaseRecord } from '../../../shared/domain/case';
import { useUi } from '../../shared/store';
import { formatUtc } from '../../shared/time';
import { SeverityBadge, StatusBadge, TagChip } from '../../shared/ui/badges';
import { classificationLabel } from './caseQuery';
import { SortHeader } from './SortHeader';

/** More tags than this show as "+N", so rows keep one height. */
const SHOWN_TAGS = 3;

/** Up/Down move between rows; Enter opens the case, like a click. */
function onRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = event.currentTarget;
  if (event.key === 'Enter') {
    event.preventDefault();
    open();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const sibling = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
    (sibling as HTMLElement | null)?.focus();
  }
}

export function CaseTable({ cases }: { cases: readonly CaseRecord[] }) {
  const openCase = useUi((state) => state.openCase);
  const recentCaseId = useUi((state) => state.recentCaseId);
  const forgetRecentCase = useUi((state) => state.forgetRecentCase);
  const body = useRef<HTMLTableSectionElement>(null);

  // Back from a case, keyboard focus returns to its row, so Up/Down/Enter carry on from there.
  useEffect(() => {
    if (!recentCaseId) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-case-id="${CSS.escape(recentCaseId)}"]`);
    if (row) {
      row.focus();
      forgetRecentCase();
    }
  }, [recentCaseId, cases, forgetRecentCase]);

  return (
    <table className="table case-table">
      <thead>
        <tr>
          <SortHeader column="title" className="col-title">
            Title
          </SortHeader>
          <SortHeader column="severity">Severity</SortHeader>
          <SortHeader column="status">Status</SortHeader>
          <SortHeader column="classification">Classification</SortHeader>
          <SortHeader column="owner">Owner</SortHeader>
          <th scope="col">Tags</th>
          <SortHeader column="updatedAt" className="col-time">
            Updated
          </SortHeader>
        </tr>
      </thead>
      <tbody ref={body}>
        {cases.map((c) => (
          <tr
            key={c.id}
            data-case-id={c.id}
            tabIndex={0}
            className="row-link"
            aria-label={c.title}
            onClick={() => openCase(c.id)}
            onKeyDown={(event) => onRowKeyDown(event, () => openCase(c.id))}
          >
            <td className="col-title">
              <span className="cell-ellipsis" title={c.title}>
                {c.title}
              </span>
            </td>
            <td>
              <SeverityBadge severity={c.severity} />
            </td>
            <td>
              <StatusBadge status={c.status} />
            </td>
            <td className="nowrap">{classificationLabel(c.classification)}</td>
            <td className="nowrap">{c.owner || <span className="faint">Unassigned</span>}</td>
            <td className="col-tags">
              <span className="cell-tags" title={c.tags.join(', ')}>
                {c.tags.slice(0, SHOWN_TAGS).map((tag) => (
                  <TagChip key={tag} tag={tag} />
                ))}
                {c.tags.length > SHOWN_TAGS && <span className="chip chip-more">+{c.tags.length - SHOWN_TAGS}</span>}
              </span>
            </td>
            <td className="col-time mono" title={`Created ${formatUtc(c.createdAt)}; TLP ${label(c.tlp)}`}>
              {formatUtc(c.updatedAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
