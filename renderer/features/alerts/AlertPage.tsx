import { useEffect, useRef, type ReactNode } from 'react';
import { label } from '../../../shared/domain/case';
import { messageOf } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { KIND_LABEL } from '../../shared/entityKinds';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { SeverityBadge } from '../../shared/ui/badges';
import { Techniques } from '../../shared/ui/Techniques';
import { VerdictBadge } from '../../shared/ui/VerdictBadge';
import { useAlert } from './queries';
import type { ProposeAction } from '../../shared/proposeAction';
import { Button } from '../../shared/ui/Button';
import { RemediationBadge } from '../../shared/ui/RemediationBadge';

const MAX_VALUE_CHARS = 600;
const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
};

/** One alert: what it says, its entities with their roles, and every field its source gave. */
export function AlertPage({
  caseId,
  id,
  onBack,
  onOpenEntity,
  onProposeAction,
  renderExtra,
}: {
  caseId: string;
  id: string;
  onBack: () => void;
  onOpenEntity: (id: string) => void;
  onProposeAction?: ProposeAction;
  /** More sections for the page, given by the app (the alert's notes): features do not import each other. */
  renderExtra?: (alertId: string) => ReactNode;
}) {
  const detail = useAlert(caseId, id);
  const heading = useRef<HTMLHeadingElement>(null);
  // A page opened from a link is a new place: focus its name, as a page change would. Shown because the
  // analyst moved along the case's tabs with the arrow keys, it leaves focus on the tab.
  useEffect(() => {
    if (document.activeElement?.getAttribute('role') !== 'tab') heading.current?.focus();
  }, [id, detail.data !== undefined]);
  if (detail.error) return <Alert tone="error">Could not open the alert: {messageOf(detail.error)}</Alert>;
  if (!detail.data)
    return (
      <p className="muted" aria-busy="true">
        Opening the alert…
      </p>
    );
  const { alert: a, entities } = detail.data;
  const raw = Object.entries(a.attributes).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
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
      <dl className="facts alert-facts">
        <dt>Status</dt>
        <dd>{a.status}</dd>
        <dt>Severity</dt>
        <dd>{label(a.severity)}</dd>
        <dt>Category</dt>
        <dd>{a.category ?? '–'}</dd>
        <dt>Source</dt>
        <dd>
          {a.source}
          {a.detectionSource ? ` (detected by ${a.detectionSource})` : ''}
        </dd>
        <dt>ATT&amp;CK techniques</dt>
        <dd>
          <Techniques ids={a.mitreTechniques} />
        </dd>
        <dt>Created</dt>
        <dd>{formatUtc(a.createdAt)}</dd>
        <dt>Activity</dt>
        <dd>
          {formatUtc(a.firstActivity)} to {formatUtc(a.lastActivity)}
        </dd>
        <dt>Source id</dt>
        <dd className="mono entity-attr">{a.externalId}</dd>
      </dl>
      <section aria-labelledby="alert-description">
        <h3 id="alert-description" className="section-title">
          Description
        </h3>
        <p className="alert-description">{a.description || <span className="faint">The source gave no description.</span>}</p>
      </section>
      <section aria-labelledby="alert-entities">
        <h3 id="alert-entities" className="section-title">
          Entities ({formatCount(entities.length)})
        </h3>
        {entities.length === 0 ? (
          <p className="faint">The alert names no entity.</p>
        ) : (
          <table className="table" aria-label="Its entities">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Roles</th>
                <th scope="col">Verdict</th>
                <th scope="col">Remediation</th>
                <th scope="col" className="col-num">
                  Events
                </th>
              </tr>
            </thead>
            <tbody>
              {entities.map((e) => (
                <tr key={e.id}>
                  <td>{KIND_LABEL[e.type]}</td>
                  <td className="col-value">
                    <button type="button" className="link-btn cell-ellipsis" title={e.display} onClick={() => onOpenEntity(e.id)}>
                      {e.display}
                    </button>
                  </td>
                  <td>{e.roles.join(', ') || <span className="faint">–</span>}</td>
                  <td>
                    <VerdictBadge verdict={e.verdict} />
                  </td>
                  <td>
                    <RemediationBadge status={e.remediationStatus} />
                  </td>
                  <td className="col-num">{formatCount(e.events)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="alert-raw">
        <h3 id="alert-raw" className="section-title">
          Source fields
        </h3>
        {raw.length === 0 ? (
          <p className="faint">No other fields.</p>
        ) : (
          <dl className="facts">
            {raw.map(([k, v]) => (
              <Field key={k} name={k} value={shown(v)} />
            ))}
          </dl>
        )}
      </section>
      {renderExtra?.(id)}
    </article>
  );
}

function Field({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="mono entity-attr">{value}</dd>
    </>
  );
}
