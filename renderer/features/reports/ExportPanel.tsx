import { useState } from 'react';
import { EXPORT_TABLES, type ExportTable } from '../../../shared/domain/exports';
import { api } from '../../shared/api';
import { formatBytes, plural } from '../../shared/format';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { SelectField } from '../../shared/ui/fields';
import { intelName, tableName } from './exportNames';
import { TimelineExport } from './TimelineExport';
import type { useSaveExport } from './useSaveExport';

const TABLE_LABELS: Record<ExportTable, string> = {
  alerts: 'Alerts',
  entities: 'Entities (all of them)',
  indicators: 'Indicators',
  matches: 'Indicator matches',
  actions: 'Actions',
  evidence: 'Evidence',
  audit: 'Audit trail',
};

/** The case's data to files other tools open: the timeline, its intelligence, any table. */
export function ExportPanel({ caseId, title, exporter }: { caseId: string; title: string; exporter: ReturnType<typeof useSaveExport> }) {
  const [table, setTable] = useState<ExportTable>('alerts');
  const idle = exporter.busy === null;
  return (
    <section className="rx-card export-panel" aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <TimelineExport caseId={caseId} title={title} exporter={exporter} />
      <div className="export-row">
        <div className="field">
          <span className="field-label" id="intel-label">
            Intelligence
          </span>
          <span className="field-hint faint">Indicators and observed entities, for a TIP or another team</span>
        </div>
        <div className="export-actions" role="group" aria-labelledby="intel-label">
          <Button
            onClick={() =>
              void exporter.save('the STIX 2.1 bundle', 'object', intelName(title, 'stix'), (out) => api.exports.intel({ caseId, format: 'stix', out }))
            }
            busy={exporter.busy === 'the STIX 2.1 bundle'}
            disabled={!idle && exporter.busy !== 'the STIX 2.1 bundle'}
          >
            STIX 2.1 bundle…
          </Button>
          <Button
            onClick={() =>
              void exporter.save('the MISP event', 'attribute', intelName(title, 'misp'), (out) => api.exports.intel({ caseId, format: 'misp', out }))
            }
            busy={exporter.busy === 'the MISP event'}
            disabled={!idle && exporter.busy !== 'the MISP event'}
          >
            MISP event…
          </Button>
        </div>
      </div>
      <div className="export-row">
        <SelectField
          label="Table as CSV"
          hint="Spreadsheet-safe: cells that look like formulas are neutralised"
          value={table}
          onChange={(e) => setTable(e.target.value as ExportTable)}
          options={EXPORT_TABLES.map((t) => ({ value: t, label: TABLE_LABELS[t] }))}
        />
        <div className="export-actions">
          <Button
            onClick={() => void exporter.save(`the ${table} table`, 'row', tableName(title, table), (out) => api.exports.table({ caseId, table, out }))}
            busy={exporter.busy === `the ${table} table`}
            disabled={!idle && exporter.busy !== `the ${table} table`}
          >
            Export table…
          </Button>
        </div>
      </div>
    </section>
  );
}

/** What was saved in this session of the tab, newest first, with what could not be expressed. */
export function SavedList({ exporter }: { exporter: ReturnType<typeof useSaveExport> }) {
  return (
    <section className="rx-card saved-exports" aria-labelledby="saved-heading">
      <h3 id="saved-heading">Saved</h3>
      {exporter.error && <Alert tone="error">{exporter.error}</Alert>}
      {exporter.saved.length === 0 && !exporter.error && <p className="muted">Nothing saved yet.</p>}
      <ul className="saved-list">
        {exporter.saved.map(({ what, unit, result }, i) => (
          <li key={`${result.name}-${i}`}>
            <strong>{result.name}</strong> <span className="faint">({what})</span>
            <div className="faint">
              {plural(result.items, unit)} · {formatBytes(result.bytes)} · journal record {result.head.seq}
            </div>
            {result.notes.map((note) => (
              <div key={note} className="faint">
                Note: {note}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
