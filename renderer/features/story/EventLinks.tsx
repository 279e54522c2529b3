import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import type { EventAnnotation } from '../../../shared/domain/story';
import type { AlertRecord } from '../../../shared/domain/records';
import type { Input } from '../../../shared/ipc/contract';
import { api } from '../../shared/api';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { Button } from '../../shared/ui/Button';
import { EntityKindIcon } from '../../shared/ui/EntityKindIcon';

type Change = Omit<Input<'story.annotate'>, 'caseId'>;

export interface LinkNavigation {
  /** Opens an entity's page (given by the app: features do not import each other). */
  onOpenEntity?: (id: string) => void;
  onOpenAlert?: (id: string) => void;
}

interface Props extends LinkNavigation {
  caseId: string;
  eventId: number;
  mark: EventAnnotation | undefined;
  alerts: AlertRecord[];
  send: (change: Change, after?: () => void) => void;
}

/**
 * The entities linked to the event, by their kind's icon and value (the engine's entity store names them: the link
 * keeps only the id), each opening its page. Keyed like the entity page's own query, so an opened page is cached.
 */
function useLinkedEntities(caseId: string, ids: readonly string[]) {
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['entities', caseId, revision, 'get', id],
      queryFn: () => api.entities.get({ caseId, id }),
      enabled: revision !== null,
      staleTime: Infinity,
    })),
  });
}

/** The alerts and entities the event is linked to (each opens its page and can be unlinked), and a choice of the case's alerts to link it to. */
export function EventLinks({ caseId, eventId, mark, alerts, send, onOpenEntity, onOpenAlert }: Props) {
  const alertIds = mark?.alertIds ?? [];
  const entityIds = mark?.entityIds ?? [];
  const entities = useLinkedEntities(caseId, entityIds);
  return (
    <>
      {alertIds.length + entityIds.length > 0 && (
        <ul className="event-links" aria-label="Linked alerts and entities">
          {alertIds.map((id) => (
            <li key={id}>
              <span className="faint event-link-kind">Alert</span>
              <LinkTarget label={alerts.find((a) => a.id === id)?.title ?? id} onOpen={onOpenAlert && (() => onOpenAlert(id))} />
              <UnlinkButton what={`the alert ${alerts.find((a) => a.id === id)?.title ?? id}`} onUnlink={() => send({ eventId, unlinkAlerts: [id] })} />
            </li>
          ))}
          {entityIds.map((id, i) => {
            const entity = entities[i]?.data?.entity;
            const value = entity?.display ?? (entities[i]?.isError ? `${id} (not in the entity store)` : '…');
            return (
              <li key={id}>
                <span className="faint event-link-kind">{entity ? <EntityKindIcon type={entity.type} title={entity.type} /> : 'Entity'}</span>
                <LinkTarget label={value} mono onOpen={entity && onOpenEntity ? () => onOpenEntity(id) : undefined} />
                <UnlinkButton what={`the entity ${entity?.display ?? id}`} onUnlink={() => send({ eventId, unlinkEntities: [id] })} />
              </li>
            );
          })}
        </ul>
      )}
      <AlertLinkForm eventId={eventId} alerts={alerts} send={send} />
    </>
  );
}

function LinkTarget({ label, mono, onOpen }: { label: string; mono?: boolean; onOpen: (() => void) | undefined }) {
  const className = `event-link-target${mono ? ' mono' : ''}`;
  if (!onOpen) return <span className={className}>{label}</span>;
  return (
    <button type="button" className={`link-btn ${className}`} onClick={onOpen} title={`Open ${label}`}>
      {label}
    </button>
  );
}

function UnlinkButton({ what, onUnlink }: { what: string; onUnlink: () => void }) {
  return (
    <button type="button" className="link-btn event-link-unlink" onClick={onUnlink} aria-label={`Unlink ${what}`}>
      unlink
    </button>
  );
}

function AlertLinkForm({ eventId, alerts, send }: Pick<Props, 'eventId' | 'alerts' | 'send'>) {
  const [alertId, setAlertId] = useState('');
  if (alerts.length === 0) return null;
  return (
    <form
      className="inline-form event-story-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (alertId) send({ eventId, linkAlerts: [alertId] }, () => setAlertId(''));
      }}
    >
      <select className="input input-sm" aria-label="Link this event to an alert" value={alertId} onChange={(e) => setAlertId(e.target.value)}>
        <option value="">Link to an alert…</option>
        {alerts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.title}
          </option>
        ))}
      </select>
      <Button type="submit" disabled={!alertId}>
        Link
      </Button>
    </form>
  );
}
