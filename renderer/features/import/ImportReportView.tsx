import { useLiveQuery } from 'dexie-react-hooks';
import { describeClockOffset, type ImportReport, type InvalidUtf8 } from '../../../shared/domain/import';
import { db } from '../../shared/db';
import { formatBytes, formatCount, plural } from '../../shared/format';
import { Button } from '../../shared/ui/Button';
import { COUNT_LABELS, FORMAT_LABELS } from './formats';
import { MergeSummary } from './MergeSummary';

/** Bytes that were not UTF-8: each sequence became U+FFFD (the replacement character) in the text imported. */
function invalidUtf8Text(found: InvalidUtf8 | null): string {
  if (!found) return 'none';
  const where = `byte offset ${formatCount(found.firstOffset)}${found.entry ? ` of ${found.entry}` : ''}`;
  return `${plural(found.sequences, 'sequence')}, the first at ${where}; each read as � (U+FFFD)`;
}

/** What an import did: counts, every skipped record with its position, warnings, the zone used, the file's SHA-256. */
export function ImportReportView({ report, onOpenCase }: { report: ImportReport; onOpenCase: ((caseId: string) => void) | null }) {
  const cases = useLiveQuery(() => db.cases.bulkGet(report.caseIds), [report.caseIds.join()]);
  return (
    <section className="report" aria-label={`Report for ${report.file}`}>
      <h3 className="report-title">
        <span className="report-ok" aria-hidden="true">
          ✓
        </span>{' '}
        {report.file} {report.merge ? 'merged' : 'imported'}
        <span className="muted report-duration"> in {(report.durationMs / 1000).toFixed(1)} s</span>
      </h3>
      {report.merge && <MergeSummary merge={report.merge} />}
      <ul className="report-counts" aria-label="Imported">
        {COUNT_LABELS.map(([key, one, many]) => (
          <li key={key} className={report.counts[key] ? '' : 'faint'}>
            <strong className="mono">{formatCount(report.counts[key])}</strong> {report.counts[key] === 1 ? one : many}
          </li>
        ))}
      </ul>
      <dl className="facts report-facts">
        <dt>Format</dt>
        <dd>{FORMAT_LABELS[report.format]}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(report.size)}</dd>
        <dt>SHA-256</dt>
        <dd className="mono selectable" data-testid="report-sha256">
          {report.sha256}
        </dd>
        <dt>Times without a zone</dt>
        <dd>
          {report.zonelessTimes === 0 ? 'none' : `${formatCount(report.zonelessTimes)}, read as ${report.timezone}`}
          {report.zonelessTimes === 0 && <span className="faint"> (zone for them: {report.timezone})</span>}
        </dd>
        <dt>Invalid UTF-8</dt>
        <dd data-testid="report-invalid-utf8">{invalidUtf8Text(report.invalidUtf8)}</dd>
        <dt>Skipped records</dt>
        <dd>{report.skippedTotal === 0 ? 'none' : formatCount(report.skippedTotal)}</dd>
        <dt>{report.caseIds.length === 1 ? 'Case' : 'Cases'}</dt>
        <dd className="report-cases">
          {report.caseIds.map((id, i) => (
            <span key={id} className="report-case">
              <span className="cell-ellipsis">{cases?.[i]?.title ?? id}</span>
              {onOpenCase && (
                <Button variant="ghost" onClick={() => onOpenCase(id)} aria-label={`Open case ${cases?.[i]?.title ?? id}`}>
                  Open
                </Button>
              )}
            </span>
          ))}
        </dd>
      </dl>
      {report.clockOffsets.length > 0 && (
        <section className="report-list" aria-label="Time fields hours apart">
          <h4 className="section-title">Time fields hours apart: check the zone</h4>
          <ul className="warning-list">
            {report.clockOffsets.map((o) => (
              <li key={`${o.field} ${o.other} ${o.hours}`}>{describeClockOffset(o)}</li>
            ))}
          </ul>
        </section>
      )}
      {report.skipped.length > 0 && <SkippedRecords report={report} />}
      {report.warnings.length > 0 && (
        <section className="report-list" aria-label="Warnings">
          <h4 className="section-title">{plural(report.warnings.length, 'warning')}</h4>
          <ul className="warning-list">
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** The records the import skipped, each with where it was, the field and why; the first ones only when there are many. */
function SkippedRecords({ report }: { report: ImportReport }) {
  return (
    <section className="report-list" aria-label="Skipped records">
      <h4 className="section-title">{plural(report.skippedTotal, 'skipped record')}</h4>
      <table className="table skipped-table">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Field</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {report.skipped.map((s, i) => (
            <tr key={i}>
              <td className="nowrap mono">{s.position}</td>
              <td className="nowrap mono">{s.field ?? '—'}</td>
              <td>{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.skippedTotal > report.skipped.length && (
        <p className="muted">… and {formatCount(report.skippedTotal - report.skipped.length)} more, not listed.</p>
      )}
    </section>
  );
}
