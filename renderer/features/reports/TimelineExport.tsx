import { useEffect, useRef, useState } from 'react';
import { TIMELINE_EXPORT_FORMATS, type TimelineExportFormat } from '../../../shared/domain/exports';
import { api } from '../../shared/api';
import { formatCount } from '../../shared/format';
import { throttledAnnouncer } from '../../shared/ui/Announcer';
import { Button } from '../../shared/ui/Button';
import { SelectField } from '../../shared/ui/fields';
import { timelineName } from './exportNames';
import type { useSaveExport } from './useSaveExport';
import { recordSwallowed } from '../../shared/diagnostics';

const FORMAT_LABELS: Record<TimelineExportFormat, string> = { 'timesketch-jsonl': 'Timesketch JSONL', csv: 'CSV' };
const announceProgress = throttledAnnouncer(3000);

/** A task id chosen here, so progress and cancel can name it before the call returns (getRandomValues: no secure context needed). */
function newTaskId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `export-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Every event of the timeline to a file, streamed, with its progress and a Cancel that leaves nothing behind. */
export function TimelineExport({ caseId, title, exporter }: { caseId: string; title: string; exporter: ReturnType<typeof useSaveExport> }) {
  const [format, setFormat] = useState<TimelineExportFormat>('timesketch-jsonl');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const taskId = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('task.progress', (p) => {
        if (p.taskId !== taskId.current || !p.total) return;
        setProgress({ done: p.done, total: p.total });
        announceProgress(`Timeline export: ${Math.floor((p.done / p.total) * 100)}%.`);
      }),
    [],
  );
  // Leaving the tab must not leave an export running unseen.
  useEffect(
    () => () => {
      if (taskId.current) void api.exports.cancel({ taskId: taskId.current }).catch(recordSwallowed('exports.cancel-on-leave'));
    },
    [],
  );

  const start = () =>
    exporter.save('the timeline', 'event', timelineName(title, format), async (out) => {
      taskId.current = newTaskId();
      setProgress(null);
      try {
        return await api.exports.timeline({ taskId: taskId.current, caseId, format, out });
      } finally {
        taskId.current = null;
        setProgress(null);
      }
    });
  const running = exporter.busy === 'the timeline';
  return (
    <div className="export-row">
      <SelectField
        label="Timeline"
        hint="Every event, in time order: Timesketch's import format, or CSV"
        value={format}
        onChange={(e) => setFormat(e.target.value as TimelineExportFormat)}
        options={TIMELINE_EXPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
      />
      <div className="export-actions">
        <Button onClick={() => void start()} busy={running} disabled={exporter.busy !== null && !running}>
          Export timeline…
        </Button>
        {running && (
          <Button variant="ghost" data-role="cancel-export" onClick={() => taskId.current && void api.exports.cancel({ taskId: taskId.current })}>
            Cancel
          </Button>
        )}
      </div>
      {running && progress && (
        <div className="export-progress">
          <progress max={progress.total} value={progress.done} aria-label="Timeline export progress" />
          <span className="faint">
            {formatCount(progress.done)} of {formatCount(progress.total)} events
          </span>
        </div>
      )}
    </div>
  );
}
