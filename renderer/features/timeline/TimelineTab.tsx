import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StoredEvent } from '../../../shared/domain/timeline';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { EventDetails } from './EventDetails';
import { EventTable, type EventMark } from './EventTable';
import { FacetList } from './FacetList';
import { FilterBar } from './FilterBar';
import { useEventPages, useTimelineQuery, useTimelineRevision } from './queries';
import { TimelineChart } from './TimelineChart';
import { FILTER_FACETS, filterOf, toggled, useTimelineView, type FilterFacet } from './view';
import './timeline.css';

const HISTOGRAM_BINS = 100;
const FACET_VALUES = 8;

/**
 * The case's timeline. Events stay in the engine's store; this tab asks for
 * what it shows (histogram bins, facet counts, pages of rows) and asks again
 * whenever the filters change or the case's revision does (an import).
 */
/**
 * markedEventIds: events to mark in the table (those an indicator was found in); eventMarks: the story's marks
 * by event id; renderStory: the story's part of the event details (given by the app: features do not import each other).
 */
export function TimelineTab({
  caseId,
  markedEventIds,
  eventMarks,
  renderStory,
}: {
  caseId: string;
  markedEventIds?: ReadonlySet<number>;
  eventMarks?: ReadonlyMap<number, EventMark>;
  renderStory?: (event: StoredEvent) => ReactNode;
}) {
  const stamp = useCaseStamp(caseId);
  const openDialog = useUi((s) => s.openDialog);
  const [view, setView] = useTimelineView(caseId);
  const grid = useRef<HTMLDivElement>(null);

  // Every query below is keyed on the timeline's revision: an import makes each ask again, a note or a star does not.
  const revision = useTimelineRevision(caseId, stamp.data);
  const summary = useTimelineQuery(caseId, revision, ['summary'], () => api.timeline.summary({ caseId }));
  const hasEvents = (summary.data?.count ?? 0) > 0;

  const filter = useMemo(() => filterOf(view), [view]);
  const live = hasEvents ? revision : null;
  const histogram = useTimelineQuery(caseId, live, ['histogram', filter, HISTOGRAM_BINS, view.splitBy ?? null], () =>
    api.timeline.histogram({ caseId, filter, bins: HISTOGRAM_BINS, ...(view.splitBy ? { splitBy: view.splitBy } : {}) }),
  );
  const facets = useTimelineQuery(caseId, live, ['facets', filter, FACET_VALUES], () =>
    api.timeline.facets({ caseId, filter, fields: [...FILTER_FACETS], limit: FACET_VALUES }),
  );
  const pages = useEventPages(caseId, live, filter, view.order);
  const listKey = live === null ? null : JSON.stringify([live, filter, view.order]);

  const [selected, setSelected] = useState<number | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(false);
  useEffect(() => {
    setSelected(null);
    setDetailsOpen(false);
  }, [listKey]);

  const toggle = (facet: FilterFacet, value: string) => setView(toggled(view, facet, value));
  const closeDetails = () => {
    setDetailsOpen(false);
    grid.current?.focus();
  };

  if (stamp.data === undefined || summary.data === undefined) {
    const failed = summary.error ?? (stamp.error ? messageOf(stamp.error) : null);
    return (
      <div className="timeline-state muted" aria-busy="true">
        {failed ? <Alert tone="error">Could not read the timeline: {failed}</Alert> : 'Loading the timeline…'}
      </div>
    );
  }

  if (!hasEvents) {
    return (
      <div className="empty timeline-empty">
        <p>No timeline events in this case yet.</p>
        <p className="faint">Import a Timesketch or Plaso export, or any CSV/JSONL with a time column.</p>
        <Button variant="primary" onClick={() => openDialog('import')}>
          Import a timeline…
        </Button>
      </div>
    );
  }

  const event = selected !== null ? pages.rows[selected] : undefined;
  const error = histogram.error ?? facets.error ?? pages.error;

  return (
    <div className="timeline">
      <FilterBar
        view={view}
        matching={pages.total}
        total={summary.data.count}
        onText={(text) => setView({ text })}
        onRemove={toggle}
        onResetZoom={() => setView({ from: null, to: null })}
        onRemoveEntity={() => setView({ entity: '' })}
        onClear={() => setView({ text: '', hosts: [], users: [], sources: [], tags: [], entity: '', from: null, to: null })}
      />
      {error && <Alert tone="error">The timeline query failed: {error}</Alert>}
      <TimelineChart
        histogram={histogram.data}
        loading={histogram.loading}
        splitBy={view.splitBy}
        zoomed={view.from !== null || view.to !== null}
        onSplitBy={(splitBy) => setView({ splitBy })}
        onZoom={(from, to) => setView({ from, to })}
        onResetZoom={() => setView({ from: null, to: null })}
      />
      <div className="timeline-main">
        <FacetList facets={facets.data} view={view} onToggle={toggle} />
        <div className="timeline-table">
          <EventTable
            gridRef={grid}
            rows={pages.rows}
            marked={markedEventIds}
            marks={eventMarks}
            total={pages.total}
            hasMore={pages.hasMore}
            loading={pages.loading}
            loadMore={pages.loadMore}
            order={view.order}
            onOrder={(order) => setView({ order })}
            selected={selected}
            onSelect={setSelected}
            onOpen={(index) => {
              setSelected(index);
              setDetailsOpen(true);
            }}
            onClose={closeDetails}
            onFilter={toggle}
          />
          {detailsOpen && event && selected !== null && (
            <EventDetails
              event={event}
              position={`${formatCount(selected + 1)} of ${formatCount(pages.total ?? pages.rows.length)}`}
              onClose={closeDetails}
              onFilter={toggle}
              story={renderStory?.(event)}
            />
          )}
        </div>
      </div>
    </div>
  );
}
