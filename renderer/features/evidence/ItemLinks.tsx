import { useState } from 'react';
import type { LinkedTarget } from '../../../shared/domain/evidence';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatUs } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { recordEvidence } from './queries';

/** Where a link leads: the entity's page, the alert's page, the event in the timeline. */
export interface LinkNavigation {
  onOpenEntity: (id: string) => void;
  onOpenAlert: (id: string) => void;
  onOpenEvent: (time: number) => void;
}

const KIND_LABEL: Record<LinkedTarget['kind'], string> = { entity: 'Entity', alert: 'Alert', event: 'Event' };
const LIST: Record<LinkedTarget['kind'], 'entities' | 'alerts' | 'events'> = { entity: 'entities', alert: 'alerts', event: 'events' };

/**
 * An item's links, named (an entity by its value, an alert by its title, an event by its time and message),
 * each opening its page, each removable: an unlink is a journal record like the link was.
 */
export function ItemLinks({ caseId, itemId, linked, nav }: { caseId: string; itemId: string; linked: LinkedTarget[]; nav: LinkNavigation }) {
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const unlink = async (target: LinkedTarget) => {
    setRemoving(`${target.kind}:${target.id}`);
    setError(null);
    try {
      await recordEvidence(() => api.evidence.link({ caseId, itemId, remove: { entities: [], alerts: [], events: [], [LIST[target.kind]]: [target.id] } }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setRemoving(null);
    }
  };
  const open = (target: LinkedTarget) => {
    if (target.kind === 'entity') nav.onOpenEntity(target.id);
    else if (target.kind === 'alert') nav.onOpenAlert(target.id);
    else if (target.time !== null) nav.onOpenEvent(target.time);
  };
  if (!linked.length) return <p className="faint">Not linked to any entity, alert or event yet.</p>;
  return (
    <>
      {error && <Alert tone="error">Could not unlink: {error}</Alert>}
      <ul className="ev-links" aria-label="Linked entities, alerts and events">
        {linked.map((target) => (
          <li key={`${target.kind}:${target.id}`} className="ev-link">
            <span className={`ev-link-kind ev-link-${target.kind}`}>{KIND_LABEL[target.kind]}</span>
            {target.found ? (
              <button type="button" className="link-btn ev-link-name" onClick={() => open(target)} title={target.label}>
                {target.label}
              </button>
            ) : (
              <span className="ev-link-name faint">{target.label} (no longer in this case)</span>
            )}
            <span className="faint ev-link-detail">
              {target.kind === 'event' && target.time !== null ? `${formatUs(target.time)} · ` : ''}
              {target.detail}
            </span>
            <Button
              variant="ghost"
              className="ev-unlink"
              aria-label={`Unlink ${KIND_LABEL[target.kind].toLowerCase()} ${target.label}`}
              title="Unlink (recorded in the audit trail)"
              busy={removing === `${target.kind}:${target.id}`}
              onClick={() => void unlink(target)}
            >
              Unlink
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}
