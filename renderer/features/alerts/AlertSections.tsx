import type { AlertDetail } from '../../../shared/domain/entities';
import { label } from '../../../shared/domain/case';
import { formatCount } from '../../shared/format';
import { formatUtc } from '../../shared/time';
import { Techniques } from '../../shared/ui/Techniques';
import { VerdictBadge } from '../../shared/ui/VerdictBadge';
import { RemediationBadge } from '../../shared/ui/RemediationBadge';
import { EntityCells } from '../../shared/ui/EntityCells';

type AlertOf = AlertDetail['alert'];

/** What the alert says of itself: status, severity, source, techniques, times. */
export function AlertFacts({ alert: a }: { alert: AlertOf }) {
  return (
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
  );
}

/** The entities the alert names, with their roles in it; each opens its page. */
export function AlertEntities({ entities, onOpenEntity }: { entities: AlertDetail['entities']; onOpenEntity: (id: string) => void }) {
  if (entities.length === 0) return <p className="faint">The alert names no entity.</p>;
  return (
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
            <EntityCells type={e.type} display={e.display} onOpen={() => onOpenEntity(e.id)} />
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
  );
}

const MAX_VALUE_CHARS = 600;
const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
};

/** Every other field its source gave, long values cut. */
export function AlertSourceFields({ attributes }: { attributes: AlertOf['attributes'] }) {
  const raw = Object.entries(attributes).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (raw.length === 0) return <p className="faint">No other fields.</p>;
  return (
    <dl className="facts">
      {raw.map(([name, value]) => (
        <Field key={name} name={name} value={shown(value)} />
      ))}
    </dl>
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
