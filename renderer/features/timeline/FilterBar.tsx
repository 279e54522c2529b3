import { useEffect, useId, useRef, useState } from 'react';
import { formatCount } from '../../shared/format';
import { useRefocusAfterRemoval } from '../../shared/hooks/useRefocusAfterRemoval';
import type { TimelineView } from '../../shared/store';
import { formatUs } from '../../shared/time';
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
  onClear: () => void;
}

/** Search (debounced), the active filters as removable chips, and how many events match. */
export function FilterBar({ view, matching, total, onText, onRemove, onResetZoom, onRemoveEntity, onClear }: Props) {
  const id = useId();
  const [text, setText] = useState(view.text);
  const chips = useRef<HTMLUListElement>(null);
  // A removed chip (or Clear filters, which goes with the last one) hands focus to the next chip, else the search box.
  const refocus = useRefocusAfterRemoval(chips, '.chip-remove', () => document.getElementById(id));
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
      <ul className="chips filter-chips" aria-label="Active filters" ref={chips}>
        {FILTER_FACETS.flatMap((facet) => view[LIST_OF[facet]].map((value) => ({ facet, value }))).map(({ facet, value }, index) => (
          <li key={`${facet}:${value}`} className="chip chip-removable filter-chip">
            <span className="faint">{FACET_LABELS[facet]}:</span> <span className="cell-ellipsis">{value}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove filter ${FACET_LABELS[facet].toLowerCase()} ${value}`}
              onClick={() => {
                refocus(index);
                onRemove(facet, value);
              }}
            >
              ×
            </button>
          </li>
        ))}
        {view.entity && (
          <li className="chip chip-removable filter-chip">
            <span className="faint">Entity:</span> <span className="cell-ellipsis">{view.entity}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove filter entity ${view.entity}`}
              onClick={() => {
                refocus(FILTER_FACETS.reduce((n, facet) => n + view[LIST_OF[facet]].length, 0));
                onRemoveEntity();
              }}
            >
              ×
            </button>
          </li>
        )}
        {(view.from !== null || view.to !== null) && (
          <li className="chip chip-removable filter-chip filter-chip-time">
            <span className="faint">Time:</span>{' '}
            <span className="mono">
              {view.from !== null ? formatUs(view.from).replace(' UTC', '') : '…'} → {view.to !== null ? formatUs(view.to) : '…'}
            </span>
            <button
              type="button"
              className="chip-remove"
              aria-label="Remove the time range (reset zoom)"
              onClick={() => {
                // The time chip is the last: focus goes to the chip before it, else the search box.
                refocus(chips.current ? chips.current.querySelectorAll('.chip-remove').length - 1 : 0);
                onResetZoom();
              }}
            >
              ×
            </button>
          </li>
        )}
      </ul>
      {hasFilters(view) && (
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            refocus(0);
            onClear();
          }}
        >
          Clear filters
        </button>
      )}
      <span className="spacer" />
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
