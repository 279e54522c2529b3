import type { MatchRunSummary } from '../../../shared/domain/indicators';
import { formatCount, plural } from '../../shared/format';
import { formatUtc } from '../../shared/time';

const TRIGGERS: Record<MatchRunSummary['trigger'], string> = {
  import: 'after an import',
  'indicator-added': 'after an indicator was typed in',
  request: 'on request',
};

/** What the latest matching run compared, when, by whom and why; and whether its list is cut. */
export function RunSummary({ run }: { run: MatchRunSummary }) {
  return (
    <p className="ioc-run">
      <strong>{plural(run.total, 'match', 'matches')}</strong> from {plural(run.indicators, 'indicator')} looked for in {plural(run.events, 'event')},{' '}
      {plural(run.entities, 'entity', 'entities')} and {plural(run.alerts, 'alert')}
      <span className="faint">
        {' '}
        · matched {formatUtc(run.at)} by {run.actor}, {TRIGGERS[run.trigger]}, in {formatCount(run.ms)} ms
      </span>
      {run.truncated && (
        <span className="ioc-cut">
          {' '}
          · the list keeps the first 1,000 events per indicator (and 50,000 in all); counts are complete. Search the timeline for an indicator to see all its
          events.
        </span>
      )}
    </p>
  );
}
