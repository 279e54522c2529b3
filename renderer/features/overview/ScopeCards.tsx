import { ATTACK_TACTICS, normalizeTechniqueId, tacticsOf, techniqueFullName } from '../../../shared/attack/attack-catalogue';
import type { EntityList } from '../../../shared/domain/entities';
import type { AlertRecord } from '../../../shared/domain/records';
import type { TimelineSummary } from '../../../shared/domain/timeline';
import { KIND_LABEL, TYPE_LABELS } from '../../shared/entityKinds';
import { formatCount } from '../../shared/format';
import { formatUs } from '../../shared/time';

/** The entities with the most events; each opens its page. */
export function TopEntities({ list, onOpenEntity }: { list: EntityList | undefined; onOpenEntity: (id: string) => void }) {
  if (!list) return <p className="faint">Reading the entities…</p>;
  if (list.rows.length === 0) return <p className="faint">No entities yet: they are found in imported events, alerts and evidence.</p>;
  return (
    <table className="table compact-table">
      <caption className="sr-only">Entities with the most events</caption>
      <thead>
        <tr>
          <th scope="col">Entity</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Events
          </th>
          <th scope="col" className="num">
            Alerts
          </th>
        </tr>
      </thead>
      <tbody>
        {list.rows.map((e) => (
          <tr key={e.id}>
            <td className="ent-name">
              <button type="button" className="link-btn" onClick={() => onOpenEntity(e.id)} title={e.display}>
                {e.display}
              </button>
            </td>
            <td className="faint ent-kind">{KIND_LABEL[e.type]}</td>
            <td className="num mono">{formatCount(e.events)}</td>
            <td className="num mono">{e.alerts ? formatCount(e.alerts) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The techniques the alerts name, under their tactics in kill-chain order (the shipped ATT&CK catalogue), with how many alerts name each. */
export function TacticsSeen({ alerts }: { alerts: readonly AlertRecord[] | undefined }) {
  const perTechnique = new Map<string, number>();
  for (const a of alerts ?? [])
    for (const raw of new Set(a.mitreTechniques)) {
      const id = normalizeTechniqueId(raw) ?? raw;
      perTechnique.set(id, (perTechnique.get(id) ?? 0) + 1);
    }
  if (perTechnique.size === 0) return <p className="faint">No ATT&amp;CK technique named by an alert yet.</p>;
  const unknown = [...perTechnique.keys()].filter((id) => tacticsOf(id).length === 0);
  const tactics = ATTACK_TACTICS.map((t) => ({
    tactic: t,
    ids: [...perTechnique.keys()].filter((id) => tacticsOf(id).some((x) => x.id === t.id)).sort(),
  })).filter((t) => t.ids.length);
  return (
    <dl className="tactics">
      {tactics.map(({ tactic, ids }) => (
        <div key={tactic.id} className="tactic">
          <dt>
            {tactic.name} <span className="faint mono">{tactic.id}</span>
          </dt>
          {ids.map((id) => (
            <dd key={id}>
              <span className="mono">{id}</span> {techniqueFullName(id)}{' '}
              <span className="faint">
                · {perTechnique.get(id)} alert{perTechnique.get(id) === 1 ? '' : 's'}
              </span>
            </dd>
          ))}
        </div>
      ))}
      {unknown.length > 0 && (
        <div className="tactic">
          <dt>Not in the shipped catalogue</dt>
          <dd className="mono">{unknown.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}

/** Devices, users and mail accounts named in the case, and its first and last activity (events and alerts). */
export function ScopeSummary({
  byType,
  summary,
  alerts,
}: {
  byType: EntityList['byType'] | undefined;
  summary: TimelineSummary | undefined;
  alerts: readonly AlertRecord[] | undefined;
}) {
  const times = (alerts ?? [])
    .flatMap((a) => [a.firstActivity, a.lastActivity, a.createdAt])
    .flatMap((t) => (t ? [Date.parse(t) * 1000] : []))
    .filter((t) => !Number.isNaN(t));
  if (summary?.minTime != null) times.push(summary.minTime);
  if (summary?.maxTime != null) times.push(summary.maxTime);
  const first = times.length ? Math.min(...times) : null;
  const last = times.length ? Math.max(...times) : null;
  const count = (...types: (keyof typeof TYPE_LABELS)[]) => (byType ? formatCount(types.reduce((n, t) => n + (byType[t] ?? 0), 0)) : '…');
  return (
    <dl className="scope-facts">
      <div>
        <dt>Devices</dt>
        <dd className="mono">{count('device')}</dd>
      </div>
      <div>
        <dt>Users</dt>
        <dd className="mono">{count('user')}</dd>
      </div>
      <div>
        <dt title="Mailboxes and email addresses">Mail accounts</dt>
        <dd className="mono">{count('mailbox', 'emailAddress')}</dd>
      </div>
      <div>
        <dt>First activity</dt>
        <dd className="mono">{first === null ? '–' : formatUs(first)}</dd>
      </div>
      <div>
        <dt>Last activity</dt>
        <dd className="mono">{last === null ? '–' : formatUs(last)}</dd>
      </div>
    </dl>
  );
}
