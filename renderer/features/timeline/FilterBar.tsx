import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { formatCount } from '../../shared/format';
import { FilterChips, type FilterChip } from '../../shared/ui/FilterChips';
import type { TimelineView } from '../../shared/store';
import { formatUs } from '../../shared/time';
import type { EventMarkKind } from '../../../shared/domain/timeline';
import { MARK_LABELS, MarkToggles } from './MarkToggles';
import { FACET_LABELS, FILTER_FACETS, hasFilters, LIST_OF, type FilterFacet } from './view';

const DEBOUNCE_MS = 300;

interface Props {
  view: TimelineView;
  matching: number | null;
  total: number;
  onText: (text: string) => void;
  onRemove: (facet: FilterFacet, value: string) => void;
  onResetZoom: () => void;
  onRemoveEntity: () => void;
  /** The analyst's marks to narrow to (the toggles), and how many events carry each. */
  markCounts: Record<EventMarkKind, number>;
  onMarks: (marks: EventMarkKind[]) => void;
  onClear: () => void;
  /** More controls, before the count (the saved views). */
  children?: ReactNode;
}

/** Search (debounced), the active filters as removable chips, and how many events match. */
export function FilterBar({ view, matching, total, onText, onRemove, onResetZoom, onRemoveEntity, markCounts, onMarks, onClear, children }: Props) {
  const id = useId();
  const [text, setText] = useState(view.text);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  });
  // The field follows the view when it changes elsewhere (Clear filters).
  const applied = useRef(view.text);
  useEffect(() => {
    if (view.text !== applied.current) {
      applied.current = view.text;
      setText(view.text);
    }
  }, [view.text]);
  useEffect(() => {
    if (text === applied.current) return;
    const timer = setTimeout(() => {
      applied.current = text;
      onTextRef.current(text);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="filter-bar">
      <div className="field field-search">
        <label className="field-label" htmlFor={id}>
          Search messages
        </label>
        <input
          id={id}
          className="input"
          type="search"
          placeholder="Search messages…"
          data-shortcut-target="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              applied.current = text;
              onText(text);
            }
          }}
        />
      </div>
      <MarkToggles chosen={view.marks} counts={markCounts} onChange={onMarks} />
      <FilterChips
        chips={chipsOf(view, { onRemove, onRemoveEntity, onResetZoom, onMarks })}
        fallbackFocus={() => document.getElementById(id)}
        onClearAll={onClear}
        clearable={hasFilters(view)}
      />
      <span className="spacer" />
      {children}
      <span className="timeline-total" role="status" aria-live="polite" data-testid="timeline-total">
        {matching === null ? (
          '…'
        ) : hasFilters(view) ? (
          <>
            <strong>{formatCount(matching)}</strong> of {formatCount(total)} events
          </>
        ) : (
          <>
            <strong>{formatCount(matching)}</strong> events
          </>
        )}
      </span>
    </div>
  );
}

/** The view's filters as chips: each facet value, the entity, the time range (last). */
function chipsOf(view: TimelineView, on: Pick<Props, 'onRemove' | 'onRemoveEntity' | 'onResetZoom' | 'onMarks'>): FilterChip[] {
  const chips: FilterChip[] = FILTER_FACETS.flatMap((facet) =>
    view[LIST_OF[facet]].map((value) => ({
      id: `${facet}:${value}`,
      label: FACET_LABELS[facet],
      value,
      removeLabel: `Remove filter ${FACET_LABELS[facet].toLowerCase()} ${value}`,
      onRemove: () => on.onRemove(facet, value),
    })),
  );
  if (view.entity) {
    chips.push({ id: 'entity', label: 'Entity', value: view.entity, removeLabel: `Remove filter entity ${view.entity}`, onRemove: on.onRemoveEntity });
  }
  for (const kind of view.marks) {
    const word = MARK_LABELS[kind].word.toLowerCase();
    const onRemove = () => on.onMarks(view.marks.filter((k) => k !== kind));
    chips.push({ id: `mark:${kind}`, label: 'Marked', value: word, removeLabel: `Remove filter marked ${word}`, onRemove });
  }
  if (view.from !== null || view.to !== null) {
    const from = view.from !== null ? formatUs(view.from).replace(' UTC', '') : '…';
    const to = view.to !== null ? formatUs(view.to) : '…';
    chips.push({
      id: 'time',
      label: 'Time',
      value: `${from} → ${to}`,
      removeLabel: 'Remove the time range (reset zoom)',
      onRemove: on.onResetZoom,
      mono: true,
    });
  }
  return chips;
}
