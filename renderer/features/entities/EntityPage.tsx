import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ENTITY_VERDICTS, type EntityVerdict } from '../../../shared/domain/entities';
import { formatCount } from '../../shared/format';
import { messageOf } from '../../shared/errors';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { VerdictBadge } from '../../shared/ui/VerdictBadge';
import { EntityHistogram } from './EntityHistogram';
import { Cooccurring, EntityEvents, RelatedAlerts } from './EntityRelated';
import { EntitySources } from './EntitySources';
import { useEntity, useEntityEvents, useSetEntities } from './queries';
import { KIND_LABEL } from '../../shared/entityKinds';
import type { ProposeAction } from '../../shared/proposeAction';
import { RemediationBadge } from '../../shared/ui/RemediationBadge';
import { REMEDIATION_LABELS, REMEDIATION_STATUSES, type RemediationStatus } from '../../../shared/domain/actions';

interface Props {
  caseId: string;
  id: string;
  onBack: () => void;
  onOpen: (id: string) => void;
  onOpenAlert: (id: string) => void;
  onShowInTimeline: (entity: string) => void;
  onProposeAction?: ProposeAction;
  /** More sections for the page, given by the app (notes, a device's live-response sessions): features do not import each other. */
  renderExtra?: (entity: { id: string; type: string; display: string }) => ReactNode;
}

/** One entity: what each source said, the analyst's verdict and tags, its alerts, the entities seen with it, its events. */
export function EntityPage({ caseId, id, onBack, onOpen, onOpenAlert, onShowInTimeline, onProposeAction, renderExtra }: Props) {
  const detail = useEntity(caseId, id);
  const events = useEntityEvents(caseId, detail.data?.timelineEntity);
  const setEntities = useSetEntities(caseId);
  const heading = useRef<HTMLHeadingElement>(null);
  const verdictId = useId();
  const remediationId = useId();
  const tagId = useId();
  const [tag, setTag] = useState('');
  // A page opened from a link is a new place: focus its name, as a page change would. Shown because the
  // analyst moved along the case's tabs with the arrow keys, it leaves focus on the tab.
  useEffect(() => {
    if (document.activeElement?.getAttribute('role') !== 'tab') heading.current?.focus();
  }, [id, detail.data !== undefined]);

  if (detail.error) return <Alert tone="error">Could not open the entity: {messageOf(detail.error)}</Alert>;
  const d = detail.data;
  if (!d)
    return (
      <p className="muted" aria-busy="true">
        Opening the entity…
      </p>
    );
  const e = d.entity;
  const set = (change: { verdict?: EntityVerdict | null; addTags?: string[]; removeTags?: string[]; remediation?: RemediationStatus | null }) =>
    setEntities.mutate({ ids: [e.id], ...change });

  return (
    <article className="entity-page" aria-labelledby="entity-title">
      <div className="entity-page-head">
        <button type="button" className="back-link" onClick={onBack}>
          ← Entities
        </button>
        <h2 id="entity-title" ref={heading} tabIndex={-1} className="entity-title">
          <span className="entity-kind">{KIND_LABEL[e.type]}</span> <span className="mono">{e.display}</span>
        </h2>
        <span className="spacer" />
        {onProposeAction && (
          <Button onClick={() => onProposeAction([{ id: e.id, type: e.type, display: e.display }])} title="Propose a response action on this entity">
            Propose action…
          </Button>
        )}
        <Button variant="primary" onClick={() => onShowInTimeline(d.timelineEntity)} title="Filter the case's timeline to the events that name it">
          Show in timeline
        </Button>
      </div>
      <div className="entity-page-grid">
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
        <section className="entity-card" aria-labelledby="entity-triage">
          <h3 id="entity-triage" className="section-title">
            Verdict, remediation and tags
          </h3>
          <div className="field field-inline">
            <label htmlFor={verdictId}>Verdict</label>
            <select
              id={verdictId}
              className="input select"
              value={d.verdictSetBy ? (e.verdict ?? '') : ''}
              onChange={(ev) => set({ verdict: ev.target.value ? (ev.target.value as EntityVerdict) : null })}
            >
              <option value="">{e.verdict && !d.verdictSetBy ? `From source (${e.verdict})` : 'None set'}</option>
              {ENTITY_VERDICTS.map((v) => (
                <option key={v} value={v}>
                  {v[0]!.toUpperCase() + v.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-inline">
            <label htmlFor={remediationId}>Remediation</label>
            <select
              id={remediationId}
              className="input select"
              value={d.remediationSetBy && d.remediationSource === 'set by hand' ? (e.remediationStatus ?? '') : ''}
              onChange={(ev) => set({ remediation: ev.target.value ? (ev.target.value as RemediationStatus) : null })}
            >
              <option value="">{e.remediationStatus && d.remediationSource !== 'set by hand' ? `From ${d.remediationSource ?? 'source'}` : 'None set'}</option>
              {REMEDIATION_STATUSES.map((r) => (
                <option key={r} value={r}>
                  {REMEDIATION_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <ul className="chips entity-tags" aria-label="Tags">
            {e.tags.map((t) => (
              <li key={t} className="chip chip-removable">
                {t}
                <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => set({ removeTags: [t] })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <form
            className="field field-inline"
            onSubmit={(ev) => {
              ev.preventDefault();
              if (tag.trim()) set({ addTags: [tag.trim()] });
              setTag('');
            }}
          >
            <label htmlFor={tagId}>Add tag</label>
            <input id={tagId} className="input" value={tag} maxLength={64} onChange={(ev) => setTag(ev.target.value)} />
            <Button type="submit" busy={setEntities.isPending} disabled={!tag.trim()}>
              Add
            </Button>
          </form>
          {d.tagsSetBy && (
            <p className="faint small">
              Tags last changed by {d.tagsSetBy.actor}, {formatUtc(d.tagsSetBy.at)}
            </p>
          )}
          {setEntities.error ? <Alert tone="error">{messageOf(setEntities.error)}</Alert> : null}
        </section>
      </div>
      <section aria-labelledby="entity-activity">
        <h3 id="entity-activity" className="section-title">
          Activity
        </h3>
        <EntityHistogram histogram={d.histogram} />
      </section>
      <section aria-labelledby="entity-by-source">
        <h3 id="entity-by-source" className="section-title">
          What each source said
        </h3>
        <EntitySources sources={d.bySource} />
      </section>
      <section aria-labelledby="entity-alerts">
        <h3 id="entity-alerts" className="section-title">
          Alerts ({formatCount(d.alerts.length)})
        </h3>
        <RelatedAlerts alerts={d.alerts} onOpenAlert={onOpenAlert} />
      </section>
      <section aria-labelledby="entity-with">
        <h3 id="entity-with" className="section-title">
          Seen with
        </h3>
        <Cooccurring entities={d.cooccurring} sample={d.cooccurrenceSample} onOpen={onOpen} />
      </section>
      <section aria-labelledby="entity-events">
        <h3 id="entity-events" className="section-title">
          Events
        </h3>
        <EntityEvents page={events.data} />
      </section>
      {renderExtra?.(e)}
    </article>
  );
}
