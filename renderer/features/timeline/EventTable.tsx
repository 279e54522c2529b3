import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { StoredEvent } from '../../../shared/domain/timeline';
import { formatCount } from '../../shared/format';
import { formatUs } from '../../shared/time';
import { MAX_LOADED } from './queries';
import type { FilterFacet } from './view';

/** Fixed row height: the virtualizer computes the window of rendered rows from it, without measuring. */
export const ROW_H = 26;
const HEADER_H = 28;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 8;
/** Load the next page when the window gets this close to the last loaded row. */
const PREFETCH = 40;

/** What the story marked on an event, for the marks column. */
export interface EventMark {
  starred: boolean;
  flagged: boolean;
  tags: readonly string[];
  notes: number;
}

interface Props {
  rows: readonly StoredEvent[];
  /** The analyst's marks by event id (the story: starred, flagged, tagged, with notes). */
  marks?: ReadonlyMap<number, EventMark>;
  /** Ids of events to mark (an indicator was found in them). */
  marked?: ReadonlySet<number>;
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  loadMore: () => void;
  order: 'asc' | 'desc';
  onOrder: (order: 'asc' | 'desc') => void;
  selected: number | null;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  onClose: () => void;
  onFilter: (facet: FilterFacet, value: string) => void;
  /** The grid element (focused by the owner, e.g. when the details close). */
  gridRef: RefObject<HTMLDivElement | null>;
}

export const rowDomId = (index: number) => `timeline-row-${index}`;

/** Filter buttons in cells are for the mouse; keyboard focus stays on the grid (the details panel has the same filters). */
const keepFocus = (event: MouseEvent) => event.preventDefault();

/**
 * The matching events as a windowed grid (@tanstack/react-virtual): only the
 * rows in view (and a few around them) are in the DOM; scrolling near the end fetches the next page
 * with the engine's cursor. Up/Down/PageUp/PageDown/Home/End move the
 * selection, Enter shows the details, Escape hides them.
 */
export function EventTable(props: Props) {
  const { rows, marks, marked, total, hasMore, loading, loadMore, order, onOrder, selected, onSelect, gridRef: viewport } = props;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_H,
    overscan: OVERSCAN,
    // The rows start below the header, which stays on top of them (sticky): a row revealed at the top goes under it, not behind it.
    scrollMargin: HEADER_H,
    scrollPaddingStart: HEADER_H,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  const visible = virtualizer.getVirtualItems();
  const first = visible[0]?.index ?? 0;
  const last = (visible.at(-1)?.index ?? -1) + 1;

  useEffect(() => {
    if (hasMore && !loading && last >= rows.length - PREFETCH) loadMore();
  }, [hasMore, loading, last, rows.length, loadMore]);

  const onKeyDown = useGridKeys(props, virtualizer);
  const { openRow, filter } = useRowCallbacks(props);
  // Only a row in the DOM can be the active descendant: once the selected one scrolls out of the window, point at none.
  const selectedShown = selected !== null && selected >= first && selected < last;

  return (
    <div
      ref={viewport}
      className="event-grid"
      role="grid"
      aria-label="Events"
      data-shortcut-target="grid"
      aria-rowcount={total === null ? -1 : total + 1}
      aria-activedescendant={selectedShown ? rowDomId(selected) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (selected === null && rows.length) onSelect(Math.min(Math.floor((viewport.current?.scrollTop ?? 0) / ROW_H), rows.length - 1));
      }}
    >
      <EventHead order={order} onOrder={onOrder} />
      <div role="rowgroup" className="event-body" style={{ height: (rows.length + (hasMore ? 1 : 0)) * ROW_H }}>
        {visible.map(({ index, start }) => {
          const event = rows[index]!;
          return (
            <EventRow
              key={event.id}
              event={event}
              index={index}
              top={start - HEADER_H}
              selected={index === selected}
              ioc={marked?.has(event.id) ?? false}
              mark={marks?.get(event.id)}
              onOpen={openRow}
              onFilter={filter}
            />
          );
        })}
        {hasMore && (
          <div className="event-more faint" style={{ transform: `translateY(${rows.length * ROW_H}px)` }} aria-hidden="true">
            {rows.length >= MAX_LOADED
              ? `Showing the first ${formatCount(rows.length)} events; narrow the filter or zoom in to see the rest.`
              : 'Loading more…'}
          </div>
        )}
        {/* A row of its own: a grid's body holds rows only, even when there is nothing to show. */}
        {!loading && rows.length === 0 && (
          <div role="row" aria-rowindex={2}>
            <p role="gridcell" className="event-none muted">
              No event matches these filters: remove a filter chip or widen the time range.
            </p>
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The rows' callbacks, the same functions for the table's life (they read the
 * latest props): a row re-renders only when its own event, place or marks change,
 * not at every scroll step or answer that re-renders the table.
 */
function useRowCallbacks(props: Props) {
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const openRow = useCallback((index: number) => {
    latest.current.onSelect(index);
    latest.current.onOpen(index);
  }, []);
  const filter = useCallback((facet: FilterFacet, value: string) => latest.current.onFilter(facet, value), []);
  return { openRow, filter };
}

/** Up/Down/PageUp/PageDown/Home/End move the selection (scrolling just enough to show it), Enter opens it, Escape closes the details. */
function useGridKeys({ rows, selected, onSelect, onOpen, onClose }: Props, virtualizer: Virtualizer<HTMLDivElement, Element>) {
  const bodyHeight = Math.max((virtualizer.scrollRect?.height ?? 400) - HEADER_H, ROW_H);
  const pageRows = Math.max(1, Math.floor(bodyHeight / ROW_H) - 1);
  const move = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, index));
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  return (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const current = selected ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current <= 0 ? 0 : current - 1),
      PageDown: () => move(current + pageRows),
      PageUp: () => move(current - pageRows),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => selected !== null && onOpen(selected),
      Escape: onClose,
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
}

function EventHead({ order, onOrder }: { order: 'asc' | 'desc'; onOrder: (order: 'asc' | 'desc') => void }) {
  return (
    <div role="rowgroup" className="event-head">
      <div role="row" className="event-row" aria-rowindex={1}>
        <div role="columnheader" className="c-marks" title="Starred (★), flagged for the report (⚑), with notes (✎)">
          Marks
        </div>
        <div role="columnheader" className="c-time" aria-sort={order === 'asc' ? 'ascending' : 'descending'}>
          <button
            type="button"
            className="sort-btn is-active"
            title={order === 'asc' ? 'Oldest first; click for newest first' : 'Newest first; click for oldest first'}
            onClick={() => onOrder(order === 'asc' ? 'desc' : 'asc')}
          >
            Time (UTC) <span className="sort-arrow">{order === 'asc' ? '▲' : '▼'}</span>
          </button>
        </div>
        <div role="columnheader">Description</div>
        <div role="columnheader">Source</div>
        <div role="columnheader">Host</div>
        <div role="columnheader">User</div>
        <div role="columnheader">Message</div>
        <div role="columnheader">Tags</div>
      </div>
    </div>
  );
}

interface RowProps {
  event: StoredEvent;
  index: number;
  /** Its offset in the body, in pixels. */
  top: number;
  selected: boolean;
  /** An indicator of the case was found in it. */
  ioc: boolean;
  mark: EventMark | undefined;
  onOpen: (index: number) => void;
  onFilter: (facet: FilterFacet, value: string) => void;
}

/** One event: a click selects it and opens its details; its source, host, user and first tag filter the timeline. */
const EventRow = memo(function EventRow({ event, index, top, selected, ioc, mark, onOpen, onFilter }: RowProps) {
  const filterCell = (facet: FilterFacet, value: string) => (value ? <CellFilter facet={facet} value={value} onFilter={onFilter} /> : null);
  return (
    <div
      id={rowDomId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={ioc ? 'event-row is-marked' : 'event-row'}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(index)}
    >
      <MarksCell mark={mark} />
      <div role="gridcell" className="c-time mono">
        {formatUs(event.time)}
      </div>
      <div role="gridcell" className="c-text" title={event.timestampDesc}>
        {event.timestampDesc}
      </div>
      <div role="gridcell" className="c-text">
        {filterCell('source', event.source)}
      </div>
      <div role="gridcell" className="c-text">
        {filterCell('host', event.host)}
      </div>
      <div role="gridcell" className="c-text">
        {filterCell('user', event.user)}
      </div>
      <div role="gridcell" className="c-text c-message" title={event.message}>
        {ioc && (
          <span className="ioc-mark" title="An indicator of this case was found in this event">
            IOC
          </span>
        )}
        {event.message}
      </div>
      <div role="gridcell" className="c-tags" title={event.tags.join(', ')}>
        {event.tags.slice(0, 1).map((tag) => (
          <CellFilter key={tag} facet="tag" value={tag} onFilter={onFilter} chip />
        ))}
        {event.tags.length > 1 && <span className="chip chip-more">+{event.tags.length - 1}</span>}
      </div>
    </div>
  );
});

/** A value in a cell that filters the timeline on it (a tag as a chip). */
function CellFilter({
  facet,
  value,
  onFilter,
  chip,
}: {
  facet: FilterFacet;
  value: string;
  onFilter: (facet: FilterFacet, value: string) => void;
  chip?: boolean;
}) {
  return (
    <button
      type="button"
      tabIndex={-1}
      className={chip ? 'chip cell-tag' : 'cell-filter'}
      title={`Filter on ${facet} ${value}`}
      onMouseDown={keepFocus}
      onClick={(event) => {
        event.stopPropagation();
        onFilter(facet, value);
      }}
    >
      {value}
    </button>
  );
}

/** ★ starred, ⚑ flagged, ✎ notes: each with words for screen readers and a tooltip. */
function MarksCell({ mark }: { mark: EventMark | undefined }) {
  if (!mark) return <div role="gridcell" className="c-marks" />;
  const words = [
    mark.starred ? 'starred' : '',
    mark.flagged ? 'flagged for the report' : '',
    mark.notes ? `${mark.notes} note${mark.notes > 1 ? 's' : ''}` : '',
    ...mark.tags,
  ];
  const label = words.filter(Boolean).join(', ');
  return (
    <div role="gridcell" className="c-marks" title={label}>
      <span aria-hidden="true">
        {mark.starred && <span className="mark-star">★</span>}
        {mark.flagged && <span className="mark-flag">⚑</span>}
        {mark.notes > 0 && <span className="mark-note">✎</span>}
        {!mark.starred && !mark.flagged && !mark.notes && mark.tags.length > 0 && <span className="mark-tag">#</span>}
      </span>
      <span className="sr-only">{label}</span>
    </div>
  );
}
