import type { EntityDetail } from '../../../shared/domain/entities';
import { formatCount } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { RemediationBadge } from '../../shared/ui/RemediationBadge';
import { VerdictBadge } from '../../shared/ui/VerdictBadge';

/** What is known of the entity: its key, counts, when it was seen, its verdict and remediation and who set them. */
export function EntityFacts({ detail: d }: { detail: EntityDetail }) {
  const e = d.entity;
  return (
    <section className="entity-card" aria-labelledby="entity-facts">
      <h3 id="entity-facts" className="section-title">
        Facts
      </h3>
      <dl className="facts">
        <dt>Key</dt>
        <dd className="mono entity-attr">{e.key}</dd>
        <dt>Events</dt>
        <dd>{formatCount(e.events)}</dd>
        <dt>Alerts</dt>
        <dd>{formatCount(e.alerts)}</dd>
        <dt>First seen</dt>
        <dd>{formatUtc(e.firstSeen)}</dd>
        <dt>Last seen</dt>
        <dd>{formatUtc(e.lastSeen)}</dd>
        <dt>Verdict</dt>
        <dd>
          <VerdictBadge verdict={e.verdict} />{' '}
          <span className="faint">
            {d.verdictSetBy ? `set by ${d.verdictSetBy.actor}, ${formatUtc(d.verdictSetBy.at)}` : e.verdict ? 'from its source' : ''}
          </span>
        </dd>
        <dt>Remediation</dt>
        <dd>
          <RemediationBadge status={e.remediationStatus} />{' '}
          {d.remediationSource && (
            <span className="faint">
              {d.remediationSource}
              {d.remediationSetBy ? ` by ${d.remediationSetBy.actor}, ${formatUtc(d.remediationSetBy.at)}` : ''}
            </span>
          )}
        </dd>
        <dt>Roles</dt>
        <dd>{e.roles.join(', ') || '–'}</dd>
        <dt>Sources</dt>
        <dd>{e.sources.join(', ')}</dd>
      </dl>
    </section>
  );
}
