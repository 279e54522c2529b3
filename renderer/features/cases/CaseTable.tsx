import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { label, type CaseRecord } from '../../../shared/domain/case';
import { useRovingFocus } from '../../shared/hooks/useRovingFocus';
import { useUi } from '../../shared/store';
import { formatUtc } from '../../shared/time';
import { SeverityBadge, StatusBadge, TagChip } from '../../shared/ui/badges';
import { classificationLabel } from './caseQuery';
import { SortHeader } from './SortHeader';

/** More tags than this show as "+N", so rows keep one height. */
const SHOWN_TAGS = 3;

/** Enter (or Space) opens the case, like a click; Up/Down/Home/End are the roving focus's. */
function onRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open();
  }
}

export function CaseTable({ cases }: { cases: readonly CaseRecord[] }) {
  const openCase = useUi((state) => state.openCase);
  const recentCaseId = useUi((state) => state.recentCaseId);
  const forgetRecentCase = useUi((state) => state.forgetRecentCase);
  const body = useRef<HTMLTableSectionElement>(null);
  // The rows are one Tab stop: Tab goes from the list to what follows it, not through every case.
  const roving = useRovingFocus(body, 'tr');
  const hintId = useId();

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
    <>
      <table className="table case-table" aria-label="Cases">
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
        <tbody ref={body} onFocus={roving.onFocus} onBlur={roving.onBlur} onKeyDown={roving.onKeyDown}>
          {cases.map((c) => (
            <tr
              key={c.id}
              data-case-id={c.id}
              data-roving-key={c.id}
              className="row-link"
              aria-label={c.title}
              // The row's name is the title (what the list reads); this says what Enter does with it.
              aria-describedby={hintId}
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
      {/* Hidden, yet read as each row's description (aria-describedby reads hidden text). */}
      <span id={hintId} hidden>
        Opens the case. Up and Down arrows move between cases.
      </span>
    </>
  );
}
