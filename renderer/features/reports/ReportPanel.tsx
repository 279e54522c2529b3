import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReportPreview } from '../../../shared/domain/exports';
import { api } from '../../shared/api';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { reportName } from './exportNames';
import type { useSaveExport } from './useSaveExport';

/** The report as it will be saved: what it is of (the journal head), its sections and its charts. */
function Outline({ preview }: { preview: ReportPreview }) {
  return (
    <>
      <dl className="report-tie">
        <div>
          <dt>Journal head</dt>
          <dd>
            record {preview.head.seq} · <code className="hash">{preview.head.hash}</code>
          </dd>
        </div>
        <div>
          <dt>Generated</dt>
          <dd>{formatUtc(preview.generatedAt)}</dd>
        </div>
      </dl>
      <h4 className="report-subhead">Sections</h4>
      <ol className="report-sections">
        {preview.sections.map((s) => (
          <li key={s.id}>
            {s.title}
            {s.items !== null && <span className="faint"> · {formatCount(s.items)}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * The whole report as it will be saved, in a frame: a blob: URL of the
 * engine's self-contained HTML (its own CSP meta, no script), sandboxed with
 * no permission at all (sandbox=""), so it runs nothing, has an opaque origin
 * and cannot navigate the app. Why blob: and not srcdoc: see the app's CSP
 * (shared/security/csp.ts).
 */
function FullReport({ preview }: { preview: ReportPreview }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([preview.html], { type: 'text/html;charset=utf-8' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [preview.html]);
  if (!url) return null;
  return <iframe className="report-frame" src={url} sandbox="" title={`Incident report preview: ${preview.title}`} referrerPolicy="no-referrer" />;
}

export function ReportPanel({ caseId, exporter }: { caseId: string; exporter: ReturnType<typeof useSaveExport> }) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  const preview = useQuery({
    queryKey: ['report', caseId, revision],
    queryFn: () => api.exports.reportPreview({ caseId }),
    enabled: revision !== null,
  });
  const title = preview.data?.title ?? 'case';
  const saveReport = (format: 'html' | 'pdf') =>
    exporter.save(`the ${format.toUpperCase()} report`, 'document', reportName(title, format), (out) => api.exports.report({ caseId, format, out }));
  return (
    <section className="rx-card report-panel" aria-labelledby="report-heading">
      <div className="export-head">
        <h3 id="report-heading">Incident report</h3>
        <span className="spacer" />
        <Button variant="primary" onClick={() => void saveReport('html')} busy={exporter.busy === 'the HTML report'} disabled={!preview.data}>
          Save as HTML…
        </Button>
        <Button onClick={() => void saveReport('pdf')} busy={exporter.busy === 'the PDF report'} disabled={!preview.data}>
          Save as PDF…
        </Button>
      </div>
      <p className="faint">
        One self-contained document: summary and triage fields, scope, charts, alerts with their ATT&amp;CK techniques, entities, actions and evidence. It names
        the journal head it was made from, so it can be tied to this state of the case.
      </p>
      {preview.isPending && <p className="muted">Preparing the report…</p>}
      {preview.error && <Alert tone="error">The report could not be prepared: {messageOf(preview.error)}</Alert>}
      {preview.data && <Outline preview={preview.data} />}
      {preview.data && <FullReport preview={preview.data} />}
    </section>
  );
}
