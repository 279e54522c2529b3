import type { ReactNode } from 'react';
import { formatCount } from '../../shared/format';
import { messageOf } from '../../shared/errors';
import { usePageHeading } from '../../shared/hooks/usePageHeading';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { PageSection } from '../../shared/ui/PageSection';
import { EntityFacts } from './EntityFacts';
import { EntityHistogram } from './EntityHistogram';
import { Cooccurring, EntityEvents, RelatedAlerts } from './EntityRelated';
import { EntitySources } from './EntitySources';
import { EntityTriage } from './EntityTriage';
import { useEntity, useEntityEvents } from './queries';
import { KIND_LABEL } from '../../shared/entityKinds';
import type { ProposeAction } from '../../shared/proposeAction';

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

/** One entity: what each source said, the analyst's verdict and tags, its alerts, the entities seen with it, its events. A section is one line here. */
export function EntityPage({ caseId, id, onBack, onOpen, onOpenAlert, onShowInTimeline, onProposeAction, renderExtra }: Props) {
  const detail = useEntity(caseId, id);
  const events = useEntityEvents(caseId, detail.data?.timelineEntity);
  const heading = usePageHeading(id, detail.data !== undefined);
  if (detail.error) return <Alert tone="error">Could not open the entity: {messageOf(detail.error)}</Alert>;
  const d = detail.data;
  if (!d)
    return (
      <p className="muted" aria-busy="true">
        Opening the entity…
      </p>
    );
  const e = d.entity;
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
        <EntityFacts detail={d} />
        <EntityTriage caseId={caseId} detail={d} />
      </div>
      <PageSection id="entity-activity" title="Activity">
        <EntityHistogram histogram={d.histogram} />
      </PageSection>
      <PageSection id="entity-by-source" title="What each source said">
        <EntitySources sources={d.bySource} />
      </PageSection>
      <PageSection id="entity-alerts" title={`Alerts (${formatCount(d.alerts.length)})`}>
        <RelatedAlerts alerts={d.alerts} onOpenAlert={onOpenAlert} />
      </PageSection>
      <PageSection id="entity-with" title="Seen with">
        <Cooccurring entities={d.cooccurring} sample={d.cooccurrenceSample} onOpen={onOpen} />
      </PageSection>
      <PageSection id="entity-events" title="Events">
        <EntityEvents page={events.data} />
      </PageSection>
      {renderExtra?.(e)}
    </article>
  );
}
