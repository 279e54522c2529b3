import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { LaneField } from '../../../shared/domain/scope';
import type { FacetField, StoredEvent, TimelineFilter } from '../../../shared/domain/timeline';
import type { TimelineView } from '../../shared/store';
import { api } from '../../shared/api';
import { formatCount } from '../../shared/format';
import { Alert } from '../../shared/ui/Alert';
import { AssetLanes } from './AssetLanes';
import { EventDetails } from './EventDetails';
import { EventTable, type EventMark } from './EventTable';
import { FacetList } from './FacetList';
import { FilterBar } from './FilterBar';
import { HISTOGRAM_BINS, histogramQuestion, useEventPages, usePrefetch, useTimelineQuery, type EventPages } from './queries';
import { SavedViews } from './SavedViews';
import { TimelineChart } from './TimelineChart';
import { useChartAlerts } from './useChartAlerts';
import { FILTER_FACETS, filterOf, toggled, useTimelineView, type FilterFacet } from './view';
import { useZoomTiming } from './zoomTiming';
import { markCounts } from './MarkToggles';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import './scope.css';

const FACET_VALUES = 8;
const LIST: Record<LaneField, 'hosts' | 'users'> = { host: 'hosts', user: 'users' };

interface Props {
  caseId: string;
  /** The case's revision (queries are keyed on it). */
  revision: number;
  total: number;
  markedEventIds?: ReadonlySet<number>;
  eventMarks?: ReadonlyMap<number, EventMark>;
  renderStory?: (event: StoredEvent) => ReactNode;
}

/** A case's timeline with events: filters, chart, asset lanes, facets and the table. */
export function TimelineWorkspace({ caseId, revision: timelineRevision, total, markedEventIds, eventMarks, renderStory }: Props) {
  const [view, setView] = useTimelineView(caseId);
  const counts = useMemo(() => markCounts(eventMarks), [eventMarks]);
  // Filtered by marks, the answers change with the story (a star), not only with the timeline: keyed on the case's revision then.
  const caseRevision = useCaseStamp(caseId).data?.revision ?? timelineRevision;
  const revision = view.marks.length ? Math.max(timelineRevision, caseRevision) : timelineRevision;
  const grid = useRef<HTMLDivElement>(null);
  const filter = useMemo(() => filterOf(view), [view]);
  const { histogram, facets, lanes, pages, chosenLanes } = useTimelineData(caseId, revision, view, filter);
  const alerts = useChartAlerts(caseId);
  const startZoom = useZoomTiming(view, histogram.data?.from, !pages.loading && pages.total !== null);
  const listKey = JSON.stringify([revision, filter, view.order]);

  const selection = useSelection(listKey, pages);
  const { setOpenFirstOf } = selection;
  const handlers = useViewHandlers(caseId, revision, view, setView, startZoom);
  const openBin = (lane: string, from: number, to: number) => {
    const change = { [LIST[view.laneField]]: [lane], from, to };
    setOpenFirstOf(JSON.stringify([revision, filterOf({ ...view, ...change }), view.order]));
    setView(change);
  };
  const error = histogram.error ?? facets.error ?? pages.error;

  return (
    <div className="timeline">
      <FilterBar
        view={view}
        matching={pages.total}
        total={total}
        onText={(text) => setView({ text })}
        onRemove={handlers.toggle}
        onResetZoom={handlers.resetZoom}
        onRemoveEntity={() => setView({ entity: '' })}
        markCounts={counts}
        onMarks={(marks) => setView({ marks })}
        onClear={() => setView({ text: '', hosts: [], users: [], sources: [], tags: [], entity: '', marks: [], from: null, to: null })}
      >
        <SavedViews caseId={caseId} view={view} onApply={setView} />
      </FilterBar>
      {error && <Alert tone="error">The timeline query failed: {error}</Alert>}
      <TimelineChart
        histogram={histogram.data}
        loading={histogram.loading}
        splitBy={view.splitBy}
        alerts={alerts}
        zoomed={view.from !== null || view.to !== null}
        onSplitBy={handlers.splitBy}
        onZoom={handlers.zoom}
        onResetZoom={handlers.resetZoom}
      />
      <AssetLanes
        lanes={lanes.data}
        field={view.laneField}
        chosen={chosenLanes}
        open={view.lanesOpen}
        error={lanes.error}
        onOpen={(lanesOpen) => setView({ lanesOpen })}
        onField={(laneField) => setView({ laneField })}
        onChoose={(values) => setView({ [LIST[view.laneField]]: values })}
        onOpenBin={openBin}
      />
      <div className="timeline-main">
        <FacetList facets={facets.data} view={view} onToggle={handlers.toggle} />
        <EventsPane
          pages={pages}
          selection={selection}
          gridRef={grid}
          marked={markedEventIds}
          marks={eventMarks}
          renderStory={renderStory}
          order={view.order}
          onOrder={handlers.order}
          onFilter={handlers.toggle}
        />
      </div>
    </div>
  );
}

/**
 * The view's changes as the same functions for the workspace's life (they
 * read the latest view), so the memoised chart and table rows are not drawn
 * again for nothing. A zoom sends the chart's and the table's questions at the
 * gesture, before React renders the zoomed view.
 */
function useViewHandlers(
  caseId: string,
  revision: number,
  view: TimelineView,
  setView: (change: Partial<TimelineView>) => void,
  startZoom: (from: number | null, to: number | null) => void,
) {
  const prefetch = usePrefetch(caseId, revision);
  const latest = useRef({ view, setView, startZoom, prefetch });
  useLayoutEffect(() => {
    latest.current = { view, setView, startZoom, prefetch };
  });
  return useMemo(() => {
    const change = (change: Partial<TimelineView>) => latest.current.setView(change);
    const zoom = (from: number | null, to: number | null) => {
      const { view, startZoom, prefetch } = latest.current;
      startZoom(from, to);
      const next = { ...view, from, to };
      const nextFilter = filterOf(next);
      prefetch.question(...histogramQuestion(caseId, nextFilter, next.splitBy));
      prefetch.pages(nextFilter, next.order);
      change({ from, to });
    };
    return {
      zoom,
      resetZoom: () => zoom(null, null),
      splitBy: (splitBy: FacetField | null) => change({ splitBy }),
      toggle: (facet: FilterFacet, value: string) => change(toggled(latest.current.view, facet, value)),
      order: (order: 'asc' | 'desc') => change({ order }),
    };
  }, [caseId]);
}

/** The engine's answers the view shows: histogram, facets, lanes (when open) and pages of rows. */
function useTimelineData(caseId: string, revision: number, view: TimelineView, filter: TimelineFilter) {
  const histogram = useTimelineQuery(caseId, revision, ...histogramQuestion(caseId, filter, view.splitBy));
  const facets = useTimelineQuery(caseId, revision, ['facets', filter, FACET_VALUES], () =>
    api.timeline.facets({ caseId, filter, fields: [...FILTER_FACETS], limit: FACET_VALUES }),
  );
  const chosenLanes = view[LIST[view.laneField]];
  // The lanes' own field is left out of their filter: choosing lanes filters the timeline, not the list to choose from.
  const laneFilter = useMemo(() => {
    const { [LIST[view.laneField]]: _own, ...rest } = filter;
    return rest;
  }, [filter, view.laneField]);
  const lanes = useTimelineQuery(caseId, view.lanesOpen ? revision : null, ['lanes', laneFilter, view.laneField, chosenLanes, HISTOGRAM_BINS], () =>
    api.timeline.lanes({ caseId, field: view.laneField, values: [...chosenLanes], filter: laneFilter, bins: HISTOGRAM_BINS }),
  );
  const pages = useEventPages(caseId, revision, filter, view.order);
  return { histogram, facets, lanes, pages, chosenLanes };
}

/** The selected row and whether its details are open; a new list clears both, or opens its first row when asked (setOpenFirstOf its key). */
function useSelection(listKey: string, pages: EventPages) {
  const [selected, setSelected] = useState<number | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(false);
  // A lane's mark asks for its bin's events with the first of them open (once they are in).
  const [openFirstOf, setOpenFirstOf] = useState<string | null>(null);
  useEffect(() => {
    setSelected(null);
    setDetailsOpen(false);
  }, [listKey]);
  useEffect(() => {
    if (openFirstOf !== listKey || pages.loading) return;
    setOpenFirstOf(null);
    if (pages.rows.length) {
      setSelected(0);
      setDetailsOpen(true);
    }
  }, [openFirstOf, listKey, pages.loading, pages.rows.length]);

  return { selected, setSelected, detailsOpen, setDetailsOpen, setOpenFirstOf };
}

interface PaneProps {
  pages: EventPages;
  selection: ReturnType<typeof useSelection>;
  gridRef: RefObject<HTMLDivElement | null>;
  marked: ReadonlySet<number> | undefined;
  marks: ReadonlyMap<number, EventMark> | undefined;
  renderStory: ((event: StoredEvent) => ReactNode) | undefined;
  order: 'asc' | 'desc';
  onOrder: (order: 'asc' | 'desc') => void;
  onFilter: (facet: FilterFacet, value: string) => void;
}

/** The event table and, beside it, the details of the row opened (closing them hands focus back to the table). */
function EventsPane({ pages, selection, gridRef, marked, marks, renderStory, order, onOrder, onFilter }: PaneProps) {
  const { selected, setSelected, detailsOpen, setDetailsOpen } = selection;
  const closeDetails = () => {
    setDetailsOpen(false);
    gridRef.current?.focus();
  };
  const event = selected !== null ? pages.rows[selected] : undefined;
  return (
    <div className="timeline-table">
      <EventTable
        gridRef={gridRef}
        rows={pages.rows}
        marked={marked}
        marks={marks}
        total={pages.total}
        hasMore={pages.hasMore}
        loading={pages.loading}
        loadMore={pages.loadMore}
        order={order}
        onOrder={onOrder}
        selected={selected}
        onSelect={setSelected}
        onOpen={(index) => {
          setSelected(index);
          setDetailsOpen(true);
        }}
        onClose={closeDetails}
        onFilter={onFilter}
      />
      {detailsOpen && event && selected !== null && (
        <EventDetails
          event={event}
          position={`${formatCount(selected + 1)} of ${formatCount(pages.total ?? pages.rows.length)}`}
          onClose={closeDetails}
          onFilter={onFilter}
          story={renderStory?.(event)}
        />
      )}
    </div>
  );
}
