import type { ReactNode } from 'react';
import { messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { usePageHeading } from '../../shared/hooks/usePageHeading';
import { Alert } from '../../shared/ui/Alert';
import { SeverityBadge } from '../../shared/ui/badges';
import { PageSection } from '../../shared/ui/PageSection';
import { useAlert } from './queries';
import type { ProposeAction } from '../../shared/proposeAction';
import { Button } from '../../shared/ui/Button';
import { AlertEntities, AlertFacts, AlertSourceFields } from './AlertSections';

interface Props {
  caseId: string;
  id: string;
  onBack: () => void;
  onOpenEntity: (id: string) => void;
  onProposeAction?: ProposeAction;
  /** More sections for the page, given by the app (the alert's notes): features do not import each other. */
  renderExtra?: (alertId: string) => ReactNode;
}

/** One alert: what it says, its entities with their roles, and every field its source gave. A section is one line here. */
export function AlertPage({ caseId, id, onBack, onOpenEntity, onProposeAction, renderExtra }: Props) {
  const detail = useAlert(caseId, id);
  const heading = usePageHeading(id, detail.data !== undefined);
  if (detail.error) return <Alert tone="error">Could not open the alert: {messageOf(detail.error)}</Alert>;
  if (!detail.data)
    return (
      <p className="muted" aria-busy="true">
        Opening the alert…
      </p>
    );
  const { alert: a, entities } = detail.data;
  return (
    <article className="alert-page" aria-labelledby="alert-title">
      <div className="entity-page-head">
        <button type="button" className="back-link" onClick={onBack}>
          ← Alerts
        </button>
        <h2 id="alert-title" ref={heading} tabIndex={-1} className="entity-title">
          {a.title}
        </h2>
        <SeverityBadge severity={a.severity} />
        <span className="spacer" />
        {onProposeAction && entities.length > 0 && (
          <Button
            onClick={() => onProposeAction(entities.map((e) => ({ id: e.id, type: e.type, display: e.display })))}
            title="Propose a response action on the alert's entities"
          >
            Propose action…
          </Button>
        )}
      </div>
      <AlertFacts alert={a} />
      <PageSection id="alert-description" title="Description">
        <p className="alert-description">{a.description || <span className="faint">The source gave no description.</span>}</p>
      </PageSection>
      <PageSection id="alert-entities" title={`Entities (${formatCount(entities.length)})`}>
        <AlertEntities entities={entities} onOpenEntity={onOpenEntity} />
      </PageSection>
      <PageSection id="alert-raw" title="Source fields">
        <AlertSourceFields attributes={a.attributes} />
      </PageSection>
      {renderExtra?.(id)}
    </article>
  );
}
