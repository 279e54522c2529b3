import type { AlertInput, EntityInput, ImportContext } from '../types';

/**
 * Timeline events for an alert: when it was created, and when the activity it
 * describes began and ended, each with the alert's title as the message, so an
 * alert shows up on the asset timelines next to the raw events around it.
 */

export interface AlertTimes {
  created: number | null;
  firstActivity: number | null;
  lastActivity: number | null;
}

/** The device and user an alert is about: its first device and user entities. */
export function alertSubject(entities: readonly EntityInput[]): { host: string; user: string } {
  const host = entities.find((e) => e.type === 'device');
  const user = entities.find((e) => e.type === 'user');
  return { host: host ? host.value : '', user: user ? user.value : '' };
}

export function emitAlertEvents(ctx: ImportContext, alert: AlertInput, times: AlertTimes, extra: Record<string, string> = {}): number {
  const { host, user } = alertSubject(alert.entities ?? []);
  const attributes: Record<string, string> = { alertId: alert.externalId, severity: alert.severity, status: alert.status, ...extra };
  if (alert.category) attributes.category = alert.category;
  if (alert.detectionSource) attributes.detectionSource = alert.detectionSource;
  if (alert.mitreTechniques.length) attributes.mitreTechniques = alert.mitreTechniques.join(', ');
  const moments: [number | null, string][] = [
    [times.created, 'Alert created'],
    [times.firstActivity, 'Alert first activity'],
    // One moment of activity is one event.
    [times.lastActivity === times.firstActivity ? null : times.lastActivity, 'Alert last activity'],
  ];
  let emitted = 0;
  for (const [time, timestampDesc] of moments) {
    if (time === null) continue;
    ctx.event({ time, timestampDesc, message: alert.title, source: ctx.file, host, user, tags: ['alert'], attributes: { ...attributes } });
    emitted++;
  }
  return emitted;
}
