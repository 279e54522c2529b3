import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { useTimelineQuery } from './queries';
import { TimelineWorkspace } from './TimelineWorkspace';
import './timeline.css';

/**
 * The case's timeline. Events stay in the engine's store; this tab asks for
 * what it shows (histogram bins, lanes, facet counts, pages of rows) and asks
 * again whenever the filters change or the case's revision does (an import).
 * markedEventIds: events to mark in the table (those an indicator was found in).
 */
export function TimelineTab({ caseId, markedEventIds }: { caseId: string; markedEventIds?: ReadonlySet<number> }) {
  const stamp = useCaseStamp(caseId);
  const openDialog = useUi((s) => s.openDialog);
  // Every query is keyed on the case's revision: a change to the case (an import) makes each ask again.
  const revision = stamp.data?.revision ?? null;
  const summary = useTimelineQuery(caseId, revision, ['summary'], () => api.timeline.summary({ caseId }));

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
  return <TimelineWorkspace caseId={caseId} revision={revision} total={summary.data.count} markedEventIds={markedEventIds} />;
}
