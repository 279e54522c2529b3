import { useId, useState } from 'react';
import type { ImportFormat, ImportPreview } from '../../../shared/domain/import';
import { formatBytes, formatCount, plural } from '../../shared/format';
import { formatIsoUs } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { ALL_FORMATS, COUNT_LABELS, FORMAT_LABELS, needsMapping } from './formats';
import { mappingOf, shownPreview, type FileEntry, type FileOptions } from './importState';
import { MappingForm } from './MappingForm';
import { SavedMappings } from './SavedMappings';
import { TimezoneField } from './TimezoneField';

const AUTO = '__auto__';

/** One file before its import: what the engine reads from its start, and the choices that change how it is read. */
export function PreviewPanel({ file, onOptions }: { file: FileEntry; onOptions: (change: Partial<FileOptions>) => void }) {
  const preview = shownPreview(file);
  const state = file.preview;
  const detected = preview?.format ?? null;
  const format = file.options.format ?? detected;
  const loading = state.status === 'loading';
  const [chosen, setChosen] = useState(0);

  return (
    <div className="preview" aria-busy={loading}>
      <div className="preview-head">
        <FormatField preview={preview} chosen={file.options.format} onChange={(f) => onOptions({ format: f })} />
        <dl className="preview-facts">
          <div>
            <dt>Size</dt>
            <dd className="mono">{preview ? formatBytes(preview.size) : '—'}</dd>
          </div>
          <div>
            <dt>Estimated records</dt>
            <dd className="mono" data-testid="estimated-records">
              {preview && state.status === 'ready' ? `≈ ${formatCount(preview.estimatedRecords)}` : '—'}
            </dd>
          </div>
          <div>
            <dt>Found so far</dt>
            <dd className="preview-counts">{preview && state.status === 'ready' ? <Counts preview={preview} /> : '—'}</dd>
          </div>
        </dl>
        {loading && (
          <span className="preview-loading muted" role="status">
            <span className="spinner" aria-hidden="true" /> Reading the start of the file…
          </span>
        )}
      </div>

      <div className="preview-options">
        <TimezoneField
          value={file.options.timezone}
          onChange={(timezone) => onOptions({ timezone })}
          zoneless={state.status === 'ready' ? state.value.zonelessTimes : null}
        />
        <div className="field skip-field">
          <label className="check">
            <input type="checkbox" checked={file.options.skipInvalid} onChange={(e) => onOptions({ skipInvalid: e.target.checked })} />
            Skip invalid records
          </label>
          <div className="field-hint">
            Strict by default: one invalid record (a bad time, a broken line) stops the import and nothing is imported. Skipping imports the rest and lists
            every skipped record, with its line, in the report.
          </div>
        </div>
      </div>

      {needsMapping(format) && (
        <>
          <SavedMappings
            current={mappingOf(file.options, preview?.format ?? null)}
            onChoose={(mapping) => {
              setChosen((n) => n + 1);
              onOptions({ mapping });
            }}
          />
          <MappingForm
            // A chosen saved mapping replaces the form's own state (typed column lists) too.
            key={chosen}
            mapping={file.options.mapping}
            columns={preview?.columns ?? []}
            onChange={(mapping) => onOptions({ mapping })}
          />
        </>
      )}

      {state.status === 'error' && (
        <Alert tone="error">
          <span className="pre-wrap">{state.message}</span>
        </Alert>
      )}
      {state.status === 'ready' && <Problems problems={state.value.problems} />}
      {state.status === 'ready' && <PreviewRows preview={state.value} />}
    </div>
  );
}

function FormatField({
  preview,
  chosen,
  onChange,
}: {
  preview: ImportPreview | null;
  chosen: ImportFormat | null;
  onChange: (format: ImportFormat | null) => void;
}) {
  const id = useId();
  const candidates = preview?.candidates ?? [];
  const others = ALL_FORMATS.filter((f) => !candidates.some((c) => c.format === f));
  return (
    <div className="field format-field">
      <label className="field-label" htmlFor={id}>
        Format
      </label>
      <select
        id={id}
        className="input select"
        value={chosen ?? AUTO}
        onChange={(e) => onChange(e.target.value === AUTO ? null : (e.target.value as ImportFormat))}
      >
        <option value={AUTO}>{preview ? `Detected: ${FORMAT_LABELS[preview.format]}` : 'Detect automatically'}</option>
        {candidates.length > 0 && (
          <optgroup label="Formats that recognise this file">
            {candidates.map((c) => (
              <option key={c.format} value={c.format}>
                {FORMAT_LABELS[c.format]} ({Math.round(c.confidence * 100)}% sure)
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={candidates.length ? 'Other formats' : 'All formats'}>
          {others.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}

function Counts({ preview }: { preview: ImportPreview }) {
  const shown = COUNT_LABELS.filter(([key]) => preview.counts[key] > 0);
  if (shown.length === 0) return <span className="faint">nothing yet</span>;
  return (
    <>
      {shown.map(([key, one, many]) => (
        <span key={key} className="count-chip">
          {plural(preview.counts[key], one, many)}
        </span>
      ))}
    </>
  );
}

function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) {
    return <p className="preview-ok">No problems found in the records read so far.</p>;
  }
  return (
    <section className="preview-problems" aria-label="Problems found so far">
      <h3 className="section-title">{plural(problems.length, 'problem')} found so far</h3>
      <ul>
        {problems.map((problem, i) => (
          <li key={i} className="pre-wrap">
            {problem}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PreviewRows({ preview }: { preview: ImportPreview }) {
  if (preview.rows.length === 0) return <p className="muted">The preview found no timeline events in the first records.</p>;
  return (
    <section aria-label="First rows">
      <h3 className="section-title preview-rows-title">
        First {preview.rows.length} rows, as they will appear <span className="faint">(times in UTC)</span>
      </h3>
      {/* It scrolls both ways: a Tab stop of its own lets the keyboard scroll it too. */}
      <div className="table-wrap preview-rows" tabIndex={0} role="region" aria-label="First rows of the file">
        <table className="table preview-table">
          <thead>
            <tr>
              <th scope="col" className="col-time">
                Time (UTC)
              </th>
              <th scope="col">Description</th>
              <th scope="col" className="col-message">
                Message
              </th>
              <th scope="col">Host</th>
              <th scope="col">User</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>
                <td className="col-time mono">{formatIsoUs(row.time)}</td>
                <td className="nowrap">{row.timestampDesc}</td>
                <td className="col-message">
                  <span className="cell-ellipsis" title={row.message}>
                    {row.message}
                  </span>
                </td>
                <td className="nowrap">{row.host}</td>
                <td className="nowrap">{row.user}</td>
                <td className="nowrap">{row.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
