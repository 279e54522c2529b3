import { useState } from 'react';
import { RUNBOOK_FORMATS, type RunbookFormat } from '../../../shared/domain/actions';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { SelectField } from '../../shared/ui/fields';
import { useQuery } from '@tanstack/react-query';

const FORMAT_LABELS: Record<RunbookFormat, string> = { md: 'Markdown', csv: 'CSV (spreadsheet)', json: 'JSON' };

/** The approved actions as a runbook for whoever is on the live network: shown to copy (the machine is offline; no file leaves by itself). */
export function RunbookDialog({ caseId, revision, onClose }: { caseId: string; revision: number | null; onClose: () => void }) {
  const [format, setFormat] = useState<RunbookFormat>('md');
  const [copied, setCopied] = useState<string | null>(null);
  const book = useQuery({ queryKey: ['actions', caseId, revision, 'runbook', format], queryFn: () => api.actions.runbook({ caseId, format }) });
  const copy = async () => {
    if (!book.data) return;
    try {
      await navigator.clipboard.writeText(book.data.content);
      setCopied(`Copied ${book.data.fileName}.`);
    } catch (err) {
      setCopied(`Could not copy: ${messageOf(err)}; select the text instead.`);
    }
  };
  return (
    <Dialog title="Runbook of approved actions" onClose={onClose} className="runbook-dialog">
      <div className="stack">
        <SelectField
          label="Format"
          value={format}
          options={RUNBOOK_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
          onChange={(e) => setFormat(e.target.value as RunbookFormat)}
        />
        {book.error ? <Alert tone="error">{messageOf(book.error)}</Alert> : null}
        {book.data && (
          <>
            <p className="muted small">
              {book.data.actions} approved action{book.data.actions === 1 ? '' : 's'}, grouped by target · {book.data.fileName}
            </p>
            <textarea className="input runbook-text mono" readOnly value={book.data.content} aria-label={`Runbook in ${FORMAT_LABELS[format]}`} rows={16} />
          </>
        )}
        {copied && (
          <p role="status" className="small">
            {copied}
          </p>
        )}
        <div className="actions">
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
          <Button variant="primary" onClick={() => void copy()} disabled={!book.data}>
            Copy
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
