import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../shared/api';
import { db } from '../../shared/db';
import { formatCount } from '../../shared/format';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { EventDetails } from './EventDetails';
import { EventTable } from './EventTable';
import { FacetList } from './FacetList';
import { FilterBar } from './FilterBar';
import { useEngineQuery, useEventPages } from './queries';
import { TimelineChart } from './TimelineChart';
import { FILTER_FACETS, filterOf, toggled, useTimelineView, type FilterFacet } from './view';
import './timeline.css';

const HISTOGRAM_BINS = 100;
const FACET_VALUES = 8;

/**
 * The case's timeline. Events stay in the engine's store; this tab asks for
 * what it shows (histogram bins, facet counts, pages of rows) and asks again
 * whenever the filters change or an import changes the case's event count.
 */
export function TimelineTab({ caseId }: { caseId: string }) {
  const counts = useLiveQuery(() => db.counts.get(caseId), [caseId]);
  const openDialog = useUi((s) => s.openDialog);
  const [view, setView] = useTimelineView(caseId);
  const grid = useRef<HTMLDivElement>(null);

  // An import changes these counts (the read model is refreshed after it), and with them every query below.
  const revision = counts ? `${caseId}:${counts.events}:${counts.evidence}` : null;
  const summary = useEngineQuery(revision, () => api.timeline.summary({ caseId }));
  const hasEvents = (summary.data?.count ?? 0) > 0;

  const filter = useMemo(() => filterOf(view), [view]);
  const filterKey = JSON.stringify(filter);
  const live = hasEvents && revision !== null;
  const histogram = useEngineQuery(live ? `${revision}|${filterKey}|${view.splitBy}` : null, () =>
    api.timeline.histogram({ caseId, filter, bins: HISTOGRAM_BINS, ...(view.splitBy ? { splitBy: view.splitBy } : {}) }),
  );
  const facets = useEngineQuery(live ? `${revision}|${filterKey}` : null, () =>
    api.timeline.facets({ caseId, filter, fields: [...FILTER_FACETS], limit: FACET_VALUES }),
  );
  const listKey = live ? `${revision}|${filterKey}|${view.order}` : null;
  const pages = useEventPages(listKey, caseId, filter, view.order);

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

  if (counts === undefined || summary.data === undefined) {
    return (
      <div className="timeline-state muted" aria-busy="true">
        {summary.error ? <Alert tone="error">Could not read the timeline: {summary.error}</Alert> : 'Loading the timeline…'}
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
            />
          )}
        </div>
      </div>
    </div>
  );
}
