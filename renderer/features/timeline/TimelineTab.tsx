import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import type { ReactNode } from 'react';
import type { StoredEvent } from '../../../shared/domain/timeline';
import type { EventMark } from './EventTable';
import { useEffect } from 'react';
import { histogramQuestion, usePrefetch, useTimelineQuery, useTimelineRevision } from './queries';
import { filterOf, useTimelineView } from './view';
import { TimelineWorkspace } from './TimelineWorkspace';
import './timeline.css';

/**
 * The case's timeline. Events stay in the engine's store; this tab asks for
 * what it shows (histogram bins, lanes, facet counts, pages of rows) and asks
 * again whenever the filters change or the case's revision does (an import).
 * markedEventIds: events to mark in the table (those an indicator was found in).
 */
export function TimelineTab({
  caseId,
  markedEventIds,
  eventMarks,
  renderStory,
}: {
  caseId: string;
  markedEventIds?: ReadonlySet<number>;
  /** The story's marks by event id (starred, flagged, noted). */
  eventMarks?: ReadonlyMap<number, EventMark>;
  /** The story's part of the event details (given by the app: features do not import each other). */
  renderStory?: (event: StoredEvent) => ReactNode;
}) {
  const stamp = useCaseStamp(caseId);
  const openDialog = useUi((s) => s.openDialog);
  // Every query is keyed on the timeline's revision: an import makes each ask again, a note or a star does not.
  const revision = useTimelineRevision(caseId, stamp.data);
  const summary = useTimelineQuery(caseId, revision, ['summary'], () => api.timeline.summary({ caseId }));
  usePrefetchChartAndTable(caseId, revision);

  if (stamp.data === undefined || summary.data === undefined || revision === null) {
    const failed = summary.error ?? (stamp.error ? messageOf(stamp.error) : null);
    return (
      <div className="timeline-state muted" aria-busy="true">
        {failed ? <Alert tone="error">Could not read the timeline: {failed}</Alert> : 'Loading the timeline…'}
      </div>
    );
  }

  if (summary.data.count === 0) {
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
  return (
    <TimelineWorkspace
      caseId={caseId}
      revision={revision}
      total={summary.data.count}
      markedEventIds={markedEventIds}
      eventMarks={eventMarks}
      renderStory={renderStory}
    />
  );
}

/**
 * The chart's and the table's questions, sent with the summary's rather than
 * after its answer (the workspace is drawn once the count is known): the tab's
 * first paint waits for one round of answers, not two.
 */
function usePrefetchChartAndTable(caseId: string, revision: number | null) {
  const [view] = useTimelineView(caseId);
  const prefetch = usePrefetch(caseId, revision);
  useEffect(() => {
    if (revision === null) return;
    const filter = filterOf(view);
    prefetch.question(...histogramQuestion(caseId, filter, view.splitBy));
    prefetch.pages(filter, view.order);
    // Once a revision: later changes of the view are the workspace's own questions.
  }, [caseId, revision]);
}
