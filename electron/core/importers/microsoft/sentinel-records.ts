import { isoUs } from '../../../../shared/time';
import type { AlertInput, ImportContext, IncidentInput } from '../types';
import type { Position } from '../problems';

import { mapAlertStatus, mapClassification, mapIncidentStatus, mapSentinelReason, mapSeverity, type Warn } from './enums';
import { caseFields } from './case-fields';
import { emitAlertEvents } from './alert-events';
import { stateOf } from './context-state';
import { sentinelEntities } from './sentinel-entities';
import { attrText, field, isObject, list, optionalUs, pick, pickAnyCase, rest, str, strings, unpackJson, type Json } from './values';
import { dataObject } from '../data-object';

/**
 * Sentinel incidents and alerts, from the REST API (`properties` in camelCase,
 * PascalCase enums, `*TimeUtc` times) and from Log Analytics rows
 * (SecurityIncident, SecurityAlert: PascalCase columns, JSON in strings).
 * Log Analytics writes a new row for every update of an incident or alert;
 * the newest version wins and the earliest row gives the creation time.
 */

export const SENTINEL_SOURCE = 'Microsoft Sentinel';

export interface SentinelIncident {
  input: IncidentInput;
  /** SystemAlertIds of its alerts (Log Analytics AlertIds). */
  alertIds: string[];
  /** When this version was written: the newest version wins. */
  modified: number;
  created: number | null;
  /** What the 'Incident created' event carries. */
  details: Record<string, string>;
  /** Where it is in the file. */
  position: Position;
}

function ownerName(v: unknown): string {
  const owner = unpackJson(v);
  if (isObject(owner)) return pickAnyCase(owner, 'assignedTo', 'userPrincipalName', 'email');
  return str(owner).trim();
}

function labelNames(v: unknown): string[] {
  return list(v)
    .map((l) => (isObject(l) ? pickAnyCase(l, 'labelName', 'name') : str(l)))
    .map((s) => s.trim())
    .filter(Boolean);
}

interface IncidentShape {
  id: string;
  title: string;
  description: string;
  severity: unknown;
  status: unknown;
  classification: unknown;
  reason: unknown;
  owner: unknown;
  labels: unknown;
  created: [unknown, string];
  modified: [unknown, string];
  alertIds: unknown;
  attributes: Json;
}

function sentinelIncident(ctx: ImportContext, s: IncidentShape, position: Position, warn: Warn): SentinelIncident | null {
  if (!s.id) {
    ctx.invalid({ position, field: 'name', reason: 'the incident has no id (name, IncidentName or incident number)' });
    return null;
  }
  const classification = mapClassification(s.classification, warn);
  const fields = caseFields(
    {
      title: s.title || `Sentinel incident ${s.id}`,
      description: s.description,
      severity: mapSeverity(s.severity, warn),
      status: mapIncidentStatus(s.status, warn),
      classification,
      determination: classification === 'unknown' ? 'unknown' : mapSentinelReason(s.reason, warn),
      owner: ownerName(s.owner),
      tags: labelNames(s.labels),
    },
    warn,
  );
  const created = optionalUs(ctx, s.created[0], position, s.created[1]);
  const modified = optionalUs(ctx, s.modified[0], position, s.modified[1]) ?? created ?? 0;
  const details: Record<string, string> = { incidentId: s.id };
  for (const [k, v] of Object.entries(s.attributes)) {
    const inner = unpackJson(v);
    if (isObject(inner)) for (const [ik, iv] of Object.entries(inner)) details[`${k}.${ik}`] = attrText(iv);
    else details[k] = attrText(inner);
  }
  return {
    input: { externalId: s.id, fields, createdAt: created === null ? null : isoUs(created), attributes: s.attributes },
    alertIds: strings(s.alertIds),
    modified,
    created,
    details,
    position,
  };
}

const REST_INCIDENT_MAPPED = new Set(['title', 'description', 'severity', 'status', 'classification', 'owner', 'labels', 'createdTimeUtc']);

/** A REST `Microsoft.SecurityInsights/incidents` object. */
export function restIncident(ctx: ImportContext, o: Json, position: Position, warn: Warn): SentinelIncident | null {
  const p = isObject(o.properties) ? o.properties : {};
  const id = pick(o, 'name') || str(o.id).split('/').pop() || pick(p, 'incidentNumber');
  return sentinelIncident(
    ctx,
    {
      id,
      title: pick(p, 'title'),
      description: pick(p, 'description'),
      severity: p.severity,
      status: p.status,
      classification: p.classification,
      reason: p.classificationReason,
      owner: p.owner,
      labels: p.labels,
      created: [p.createdTimeUtc, 'properties.createdTimeUtc'],
      modified: [p.lastModifiedTimeUtc, 'properties.lastModifiedTimeUtc'],
      alertIds: [],
      attributes: rest(p, REST_INCIDENT_MAPPED),
    },
    position,
    warn,
  );
}

const ROW_INCIDENT_MAPPED = new Set([
  'Title',
  'Description',
  'Severity',
  'Status',
  'Classification',
  'Owner',
  'Labels',
  'CreatedTime',
  'AlertIds',
  'TenantId',
  'Type',
  'SourceSystem',
]);

/** A Log Analytics SecurityIncident row. */
export function rowIncident(ctx: ImportContext, r: Json, position: Position, warn: Warn): SentinelIncident | null {
  return sentinelIncident(
    ctx,
    {
      id: pick(r, 'IncidentName', 'ProviderIncidentId') || (pick(r, 'IncidentNumber') ? `incident ${pick(r, 'IncidentNumber')}` : ''),
      title: pick(r, 'Title'),
      description: pick(r, 'Description'),
      severity: r.Severity,
      status: r.Status,
      classification: r.Classification,
      reason: r.ClassificationReason,
      owner: r.Owner,
      labels: r.Labels,
      created: [r.CreatedTime, 'CreatedTime'],
      modified: [r.LastModifiedTime ?? r.TimeGenerated, r.LastModifiedTime !== undefined ? 'LastModifiedTime' : 'TimeGenerated'],
      alertIds: r.AlertIds,
      attributes: rest(r, ROW_INCIDENT_MAPPED),
    },
    position,
    warn,
  );
}

/** The incident's creation on the timeline, carrying what the case fields cannot (number, tactics, reason...). */
export function emitIncidentEvent(ctx: ImportContext, incident: SentinelIncident): void {
  if (incident.created === null) return;
  ctx.event({
    time: incident.created,
    timestampDesc: 'Incident created',
    message: incident.input.fields.title,
    source: ctx.file,
    host: '',
    user: '',
    tags: ['incident'],
    attributes: { ...incident.details, severity: incident.input.fields.severity ?? '', status: incident.input.fields.status ?? '' },
  });
}

interface AlertShape {
  id: string;
  title: string;
  severity: unknown;
  status: unknown;
  tactics: unknown;
  techniques: string[];
  product: string;
  description: string;
  generated: [unknown, string];
  start: [unknown, string];
  end: [unknown, string];
  entities: unknown;
  attributes: Json;
}

/**
 * Writes the alert, or updates it when a newer version of the same alert
 * comes (Log Analytics repeats the alert per status change). Its activity
 * events are written once, from the first version seen.
 */
function sentinelAlert(ctx: ImportContext, s: AlertShape, position: Position): void {
  const state = stateOf(ctx);
  if (!s.id) {
    ctx.invalid({ position, field: 'SystemAlertId', reason: 'the alert has no id' });
    return;
  }
  const generated = optionalUs(ctx, s.generated[0], position, s.generated[1]);
  const start = optionalUs(ctx, s.start[0], position, s.start[1]);
  const end = optionalUs(ctx, s.end[0], position, s.end[1]);
  const prev = state.alerts.get(s.id);
  const earliest = prev?.earliest == null ? generated : generated === null ? prev.earliest : Math.min(prev.earliest, generated);
  const newest = !prev || (generated ?? 0) >= prev.generated;
  const attributes: Json = dataObject();
  for (const [k, v] of Object.entries(s.attributes)) attributes[k] = unpackJson(v);
  const alert: AlertInput = {
    externalId: s.id,
    title: s.title || `Alert ${s.id}`,
    severity: mapSeverity(s.severity, state.warn),
    status: mapAlertStatus(s.status),
    category: strings(s.tactics).join(', ') || null,
    detectionSource: s.product || null,
    createdAt: earliest === null ? null : isoUs(earliest),
    firstActivity: start === null ? null : isoUs(start),
    lastActivity: end === null ? null : isoUs(end),
    description: s.description,
    mitreTechniques: [...new Set(s.techniques)],
    attributes,
    source: SENTINEL_SOURCE,
    entities: sentinelEntities(s.entities),
  };
  let written = alert;
  if (newest) {
    // Refused (too large): nothing more of it, not its events.
    if (!ctx.alert(alert, { position })) return;
  } else {
    // An older version: only its creation time can matter.
    written = { ...prev.input, createdAt: alert.createdAt };
    if (earliest !== prev.earliest) ctx.alert(written, { position });
  }
  state.alerts.set(s.id, { generated: Math.max(generated ?? 0, prev?.generated ?? 0), earliest, input: written });
  if (!prev) emitAlertEvents(ctx, alert, { created: null, firstActivity: start, lastActivity: end });
}

const REST_ALERT_MAPPED = new Set([
  'alertDisplayName',
  'friendlyName',
  'severity',
  'status',
  'tactics',
  'techniques',
  'productName',
  'description',
  'timeGenerated',
  'startTimeUtc',
  'endTimeUtc',
  'systemAlertId',
]);

/** A REST entity of kind SecurityAlert (incidents/{id}/alerts, entities lists). */
export function restAlert(ctx: ImportContext, o: Json, position: Position): void {
  const p = isObject(o.properties) ? o.properties : o;
  sentinelAlert(
    ctx,
    {
      id: pick(p, 'systemAlertId') || pick(o, 'name'),
      title: pick(p, 'alertDisplayName', 'friendlyName'),
      severity: p.severity,
      status: p.status,
      tactics: p.tactics,
      techniques: [...strings(p.techniques), ...strings(p.subTechniques)],
      product: pick(p, 'productName', 'vendorName'),
      description: pick(p, 'description'),
      generated: [p.timeGenerated, 'properties.timeGenerated'],
      start: [p.startTimeUtc, 'properties.startTimeUtc'],
      end: [p.endTimeUtc, 'properties.endTimeUtc'],
      entities: field(p, 'entities'),
      attributes: rest(p, REST_ALERT_MAPPED),
    },
    position,
  );
}

const ROW_ALERT_MAPPED = new Set([
  'SystemAlertId',
  'AlertName',
  'DisplayName',
  'AlertSeverity',
  'Status',
  'Tactics',
  'Techniques',
  'SubTechniques',
  'ProductName',
  'ProviderName',
  'Description',
  'TimeGenerated',
  'StartTime',
  'EndTime',
  'Entities',
  'TenantId',
  'Type',
]);

/** A Log Analytics SecurityAlert row. */
export function rowAlert(ctx: ImportContext, r: Json, position: Position): void {
  sentinelAlert(
    ctx,
    {
      id: pick(r, 'SystemAlertId'),
      title: pick(r, 'AlertName', 'DisplayName'),
      severity: r.AlertSeverity,
      status: r.Status,
      tactics: r.Tactics,
      techniques: [...strings(r.Techniques), ...strings(r.SubTechniques)],
      product: pick(r, 'ProductName', 'ProviderName'),
      description: pick(r, 'Description'),
      generated: [r.TimeGenerated, 'TimeGenerated'],
      start: [r.StartTime, 'StartTime'],
      end: [r.EndTime, 'EndTime'],
      entities: r.Entities,
      attributes: rest(r, ROW_ALERT_MAPPED),
    },
    position,
  );
}
