import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { IndicatorMatch, MatchPlace } from '../../../shared/domain/indicators';
import { api } from '../../shared/api';
import { db } from '../../shared/db';
import { messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { SelectField, TextField } from '../../shared/ui/fields';
import { MatchTable, type MatchNavigation } from './MatchTable';
import { RunSummary } from './RunSummary';
import { SHOWN_ROWS } from './indicatorTypes';
import { useMatches } from './useMatches';
import './indicators.css';

const PLACE_OPTIONS = [
  { value: 'all', label: 'Everywhere' },
  { value: 'event', label: 'Events' },
  { value: 'entity', label: 'Entities' },
  { value: 'alert', label: 'Alerts' },
];

/**
 * Every place the case's indicators were found, as the latest matching run
 * stored it: events (opened in the timeline through onOpenEvent), entities and alerts.
 */
export function MatchesTab({
  caseId,
  onOpenEvent,
  onOpenEntity,
  onOpenAlert,
}: { caseId: string; onOpenEvent: (match: IndicatorMatch) => void } & MatchNavigation) {
  const matches = useMatches(caseId);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);

  const names = useRecordNames(caseId);
  const indicatorCount = useLiveQuery(() => db.counts.get(caseId), [caseId])?.indicators;

  const runNow = async () => {
    setRunning(true);
    setRunError(null);
    try {
      matches.set(await api.matches.run({ caseId }));
    } catch (err) {
      setRunError(messageOf(err));
    } finally {
      setRunning(false);
    }
  };

  const run = matches.data?.run ?? null;
  return (
    <div className="matches stack">
      <div className="ioc-toolbar">
        <h2 className="ioc-heading">Indicator matches</h2>
        <span className="spacer" />
        {run && (
          <Button onClick={runNow} busy={running} title="Match every indicator against every event, entity and alert of the case now">
            Match again
          </Button>
        )}
      </div>
      {run && <RunSummary run={run} />}
      {matches.error && <Alert tone="error">Could not read the matches: {matches.error}</Alert>}
      {runError && <Alert tone="error">Matching failed: {runError}</Alert>}
      {matches.data && !run && indicatorCount === 0 && (
        <div className="empty">
          <p>No indicators in this case yet.</p>
          <p className="faint">
            Import a STIX 2.1 bundle or a MISP event, or type indicators in on the Indicators tab: each is then looked for in every event, entity and alert of
            the case.
          </p>
        </div>
      )}
      {matches.data && !run && indicatorCount !== 0 && (
        <div className="empty">
          <p>The case&apos;s indicators have not been matched yet.</p>
          <p className="faint">Indicators are matched whenever an import brings events or indicators, and when one is typed in.</p>
          <Button variant="primary" onClick={runNow} busy={running}>
            Match now
          </Button>
        </div>
      )}
      {run && run.total === 0 && (
        <div className="empty">
          <p>None of the {formatCount(run.indicators)} indicators was found in this case.</p>
          <p className="faint">Add indicators on the Indicators tab, or import more timelines: matching runs again after each.</p>
        </div>
      )}
      {run && run.total > 0 && (
        <FilteredMatches matches={matches.data?.matches ?? []} names={names} onOpenEvent={onOpenEvent} onOpenEntity={onOpenEntity} onOpenAlert={onOpenAlert} />
      )}
    </div>
  );
}

/** Entities and alerts by id, as a match's "where" names them (those the read model holds). */
function useRecordNames(caseId: string): ReadonlyMap<string, string> {
  const entities = useLiveQuery(() => db.entities.where('caseId').equals(caseId).toArray(), [caseId]);
  const alerts = useLiveQuery(() => db.alerts.where('caseId').equals(caseId).toArray(), [caseId]);
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const e of entities ?? []) map.set(e.id, `${e.display} (${e.type})`);
    for (const a of alerts ?? []) map.set(a.id, a.title);
    return map;
  }, [entities, alerts]);
}

/** The matches, filtered by text (indicator or value found) and by where they were found. */
function FilteredMatches({
  matches,
  names,
  onOpenEvent,
  onOpenEntity,
  onOpenAlert,
}: {
  matches: readonly IndicatorMatch[];
  names: ReadonlyMap<string, string>;
  onOpenEvent: (match: IndicatorMatch) => void;
} & MatchNavigation) {
  const [place, setPlace] = useState<MatchPlace | 'all'>('all');
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return matches.filter(
      (m) => (place === 'all' || m.place === place) && (!needle || m.indicator.toLowerCase().includes(needle) || m.value.toLowerCase().includes(needle)),
    );
  }, [matches, place, search]);
  return (
    <>
      <div className="ioc-toolbar">
        <TextField
          label="Filter"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Indicator or value found"
          className="ioc-filter"
        />
        <SelectField
          label="Found in"
          value={place}
          options={PLACE_OPTIONS}
          onChange={(e) => setPlace(e.target.value as MatchPlace | 'all')}
          className="ioc-filter-type"
        />
        <span className="faint ioc-count" aria-live="polite">
          {formatCount(shown.length)} shown
        </span>
      </div>
      <div className="table-wrap">
        <MatchTable matches={shown.slice(0, SHOWN_ROWS)} names={names} onOpenEvent={onOpenEvent} onOpenEntity={onOpenEntity} onOpenAlert={onOpenAlert} />
        {shown.length === 0 && <p className="empty muted">No match for this filter.</p>}
        {shown.length > SHOWN_ROWS && (
          <p className="faint ioc-more">
            Showing {formatCount(SHOWN_ROWS)} of {formatCount(shown.length)}; narrow the filter to see the rest.
          </p>
        )}
      </div>
    </>
  );
}
