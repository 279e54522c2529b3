import type { EntityRow } from '../../../shared/domain/entities';
import type { EvidenceItem, EvidenceLinkChange, LinkedTarget } from '../../../shared/domain/evidence';
import type { AlertRecord } from '../../../shared/domain/records';
import type { StoredEvent } from '../../../shared/domain/timeline';
import { CasebookError } from '../../../shared/ipc/errors';

/**
 * What an item's links are checked against and named by: the entity store,
 * the case's alerts, the timeline. Given by the engine (the evidence service
 * does not own any of them).
 */
export interface LinkLookups {
  /** The rows of those of `ids` the case has. */
  entities(caseId: string, ids: readonly string[]): Promise<Map<string, EntityRow>>;
  /** One timeline event by its id, or null. */
  event(caseId: string, id: number): Promise<StoredEvent | null>;
}

const MESSAGE_SHOWN = 200;

/** A timeline event id as a link holds it: a non-negative integer written in decimal. */
function eventNumber(id: string): number | null {
  return /^\d{1,16}$/.test(id) ? Number(id) : null;
}

/**
 * The change a link request makes to an item, checked: every target named for
 * adding must exist in the case (an entity, an alert, a timeline event), one
 * already linked is not linked again, and one not linked cannot be removed.
 * Throws naming every problem at once; nothing is recorded then.
 */
export async function checkLinkChange(
  item: EvidenceItem,
  change: { add: EvidenceLinkChange; remove: EvidenceLinkChange },
  alerts: ReadonlyMap<string, AlertRecord>,
  lookups: LinkLookups,
): Promise<{ add: EvidenceLinkChange; remove: EvidenceLinkChange }> {
  const add = { entities: unique(change.add.entities), alerts: unique(change.add.alerts), events: unique(change.add.events) };
  const remove = { entities: unique(change.remove.entities), alerts: unique(change.remove.alerts), events: unique(change.remove.events) };
  const problems = [...linkStateProblems(item, { add, remove }), ...(await missingTargets(item.caseId, add, alerts, lookups, 'add.'))];
  if (!Object.values(add).some((l) => l.length) && !Object.values(remove).some((l) => l.length)) {
    problems.push('name at least one entity, alert or event to link or to unlink');
  }
  refuse(problems);
  return { add, remove };
}

/** The targets of `links` the case does not have (an entity, an alert, a timeline event), each named after `field`. */
export async function missingTargets(
  caseId: string,
  links: EvidenceLinkChange,
  alerts: ReadonlyMap<string, AlertRecord>,
  lookups: LinkLookups,
  field: string,
): Promise<string[]> {
  const problems: string[] = [];
  const known = await lookups.entities(caseId, links.entities);
  for (const id of links.entities) if (!known.has(id)) problems.push(`${field}entities: case ${caseId} has no entity ${id}`);
  for (const id of links.alerts) if (!alerts.has(id)) problems.push(`${field}alerts: case ${caseId} has no alert ${id}`);
  for (const id of links.events) {
    const n = eventNumber(id);
    if (n === null) problems.push(`${field}events: "${id}" is not a timeline event id (a whole number)`);
    else if (!(await lookups.event(caseId, n))) problems.push(`${field}events: case ${caseId} has no timeline event ${id}`);
  }
  return problems;
}

/** What in a link change does not fit the item's links as they are: a target linked twice, or one removed that is not linked. */
export function linkStateProblems(item: EvidenceItem, change: { add: EvidenceLinkChange; remove: EvidenceLinkChange }): string[] {
  const problems: string[] = [];
  for (const list of ['entities', 'alerts', 'events'] as const) {
    const singular = list === 'entities' ? 'entity' : list.slice(0, -1);
    for (const id of change.remove[list])
      if (!item.links[list].includes(id)) problems.push(`remove.${list}: "${item.title}" is not linked to ${singular} ${id}`);
    for (const id of change.add[list]) if (item.links[list].includes(id)) problems.push(`add.${list}: "${item.title}" is already linked to ${singular} ${id}`);
  }
  return problems;
}

export function refuse(problems: readonly string[]): void {
  if (problems.length) throw new CasebookError('invalid-input', `evidence.link: ${problems.join('; ')}; nothing was changed`);
}

/** The item's links named as the case knows them now: an entity by its value, an alert by its title, an event by its message. */
export async function namedLinks(item: EvidenceItem, alerts: ReadonlyMap<string, AlertRecord>, lookups: LinkLookups): Promise<LinkedTarget[]> {
  const rows = await lookups.entities(item.caseId, item.links.entities);
  const entities = item.links.entities.map((id): LinkedTarget => {
    const row = rows.get(id);
    return { kind: 'entity', id, label: row?.display ?? id, detail: row?.type ?? null, time: null, found: row !== undefined };
  });
  const linkedAlerts = item.links.alerts.map((id): LinkedTarget => {
    const alert = alerts.get(id);
    return {
      kind: 'alert',
      id,
      label: alert?.title ?? id,
      detail: alert ? `${alert.severity} · ${alert.source}` : null,
      time: null,
      found: alert !== undefined,
    };
  });
  const events: LinkedTarget[] = [];
  for (const id of item.links.events) {
    const n = eventNumber(id);
    const event = n === null ? null : await lookups.event(item.caseId, n);
    events.push(
      event
        ? {
            kind: 'event',
            id,
            label: event.message.replace(/\s+/g, ' ').trim().slice(0, MESSAGE_SHOWN),
            detail: [event.host, event.source].filter(Boolean).join(' · ') || null,
            time: event.time,
            found: true,
          }
        : { kind: 'event', id, label: `event ${id}`, detail: null, time: null, found: false },
    );
  }
  return [...entities, ...linkedAlerts, ...events];
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
