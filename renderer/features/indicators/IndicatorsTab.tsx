import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { IndicatorType } from '../../../shared/domain/records';
import { db } from '../../shared/db';
import { formatCount, plural } from '../../shared/format';
import { Alert } from '../../shared/ui/Alert';
import { SelectField, TextField } from '../../shared/ui/fields';
import { AddIndicatorForm } from './AddIndicatorForm';
import { IndicatorTable } from './IndicatorTable';
import { SHOWN_ROWS, TYPE_OPTIONS } from './indicatorTypes';
import { useMatches } from './useMatches';
import './indicators.css';

/**
 * The case's indicators: imported from STIX and MISP, or typed in here. Each
 * shows how often the latest matching run found it; typing one in matches it
 * against the case at once.
 */
export function IndicatorsTab({ caseId, onShowMatches }: { caseId: string; onShowMatches: () => void }) {
  const indicators = useLiveQuery(() => db.indicators.where('caseId').equals(caseId).toArray(), [caseId]);
  const matches = useMatches(caseId);
  const [search, setSearch] = useState('');
  const [type, setType] = useState<IndicatorType | 'all'>('all');
  const [notice, setNotice] = useState<string | null>(null);
  const perIndicator = matches.data?.run?.perIndicator;

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const count = (id: string) => perIndicator?.[id] ?? 0;
    return (indicators ?? [])
      .filter((i) => (type === 'all' || i.type === type) && (!needle || i.value.toLowerCase().includes(needle) || i.description.toLowerCase().includes(needle)))
      .sort((a, b) => count(b.id) - count(a.id) || a.type.localeCompare(b.type) || a.value.localeCompare(b.value));
  }, [indicators, perIndicator, search, type]);

  const matched = indicators?.filter((i) => (perIndicator?.[i.id] ?? 0) > 0).length ?? 0;

  return (
    <div className="indicators stack">
      <AddIndicatorForm caseId={caseId} onAdded={setNotice} />
      {notice && <Alert tone="success">{notice}</Alert>}
      <div className="ioc-toolbar">
        <h2 className="ioc-heading">
          {indicators ? plural(indicators.length, 'indicator') : 'Indicators'}
          {indicators && indicators.length > 0 && matches.data?.run && <span className="faint"> · {formatCount(matched)} found in the case</span>}
        </h2>
        <span className="spacer" />
        <TextField label="Filter" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Value or note" className="ioc-filter" type="search" />
        <SelectField
          label="Type"
          value={type}
          options={[{ value: 'all', label: 'All types' }, ...TYPE_OPTIONS]}
          onChange={(e) => setType(e.target.value as IndicatorType | 'all')}
          className="ioc-filter-type"
        />
      </div>
      {matches.error && <Alert tone="error">Could not read the matches: {matches.error}</Alert>}
      {indicators && indicators.length === 0 && (
        <div className="empty">
          <p>No indicators in this case yet.</p>
          <p className="faint">
            Import a STIX 2.1 bundle or a MISP event, or type one in above. Every indicator is looked for in the case&apos;s events, entities and alerts.
          </p>
        </div>
      )}
      {indicators && indicators.length > 0 && (
        <div className="table-wrap">
          <IndicatorTable
            indicators={shown.slice(0, SHOWN_ROWS)}
            perIndicator={perIndicator}
            matched={matches.data?.run != null}
            onShowMatches={onShowMatches}
          />
          {shown.length === 0 && <p className="empty muted">No indicator matches this filter.</p>}
          {shown.length > SHOWN_ROWS && (
            <p className="faint ioc-more">
              Showing {formatCount(SHOWN_ROWS)} of {formatCount(shown.length)}; narrow the filter to see the rest.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
