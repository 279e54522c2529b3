import type { EntitySourceView } from '../../../shared/domain/entities';
import { formatCount } from '../../shared/format';
import { formatUtc } from '../../shared/time';

const MAX_VALUE_CHARS = 400;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** What each source said about the entity, source by source, so conflicting claims stay visible. */
export function EntitySources({ sources }: { sources: readonly EntitySourceView[] }) {
  return (
    <div className="entity-sources">
      {sources.map((s, i) => {
        const attributes = Object.entries(s.attributes).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
        return (
          <section key={`${s.source}-${i}`} className="entity-source" aria-label={`From ${s.source}`}>
            <h4 className="entity-source-name">{s.source}</h4>
            <dl className="facts">
              {s.events > 0 && (
                <>
                  <dt>Events</dt>
                  <dd>
                    {formatCount(s.events)}, {formatUtc(s.firstSeen)} to {formatUtc(s.lastSeen)}
                  </dd>
                </>
              )}
              {s.roles.length > 0 && (
                <>
                  <dt>Roles</dt>
                  <dd>{s.roles.join(', ')}</dd>
                </>
              )}
              {s.verdict && (
                <>
                  <dt>Verdict</dt>
                  <dd>{s.verdict}</dd>
                </>
              )}
              {s.remediationStatus && (
                <>
                  <dt>Remediation</dt>
                  <dd>{s.remediationStatus}</dd>
                </>
              )}
              {attributes.map(([key, value]) => (
                <FragmentRow key={key} name={key} value={shown(value)} />
              ))}
            </dl>
            {s.events === 0 && attributes.length === 0 && s.roles.length === 0 && <p className="faint">Named, nothing more said.</p>}
          </section>
        );
      })}
    </div>
  );
}

function FragmentRow({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="mono entity-attr">{value}</dd>
    </>
  );
}
