import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../shared/db';
import { ExportPanel, SavedList } from './ExportPanel';
import { ReportPanel } from './ReportPanel';
import { useSaveExport } from './useSaveExport';
import './reports.css';

/**
 * Report & export: the incident report (previewed here, saved as HTML or
 * PDF) and the case's data as files other tools open. Every file goes where
 * the user picks in the system's save dialog; the page never sees a path.
 */
export function ReportsTab({ caseId }: { caseId: string }) {
  const exporter = useSaveExport();
  const title = useLiveQuery(() => db.cases.get(caseId), [caseId])?.title ?? 'case';
  return (
    <div className="reports">
      <ReportPanel caseId={caseId} exporter={exporter} />
      <div className="stack">
        <ExportPanel caseId={caseId} title={title} exporter={exporter} />
        <SavedList exporter={exporter} />
      </div>
    </div>
  );
}
