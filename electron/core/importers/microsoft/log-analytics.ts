import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { isAdvancedHuntingRow, mapAdvancedHuntingRow } from './advanced-hunting';
import { stateOf } from './context-state';
import { normalizeRow, pickAccount, rowAttributes } from './row-fields';
import { emitIncidentEvent, rowAlert, rowIncident } from './sentinel-records';
import { pick, str, type Json } from './values';
import { mapSyslogSysmonRow } from './syslog-row';

/**
 * Rows of Log Analytics tables (Sentinel's workspace) and of Defender XDR
 * advanced hunting, one object per row, as the query APIs, the portal's
 * export and SIEM pipelines write them.
 *
 * `mapLogAnalyticsRow` is the entry point for other importers too (the
 * Security-Datasets one calls it for rows whose shape it recognises): it maps
 * one row and says whether it knew the row's kind.
 */

export type LogAnalyticsKind = 'SecurityAlert' | 'SecurityIncident' | 'WindowsEvent' | 'AdvancedHunting' | 'Generic';

/** Which kind of row this is, by its `Type` column or, without one, by the columns only that table has. */
export function logAnalyticsRowKind(row: Json): LogAnalyticsKind | null {
  const type = str(row.Type);
  if (type === 'SecurityAlert' || ('SystemAlertId' in row && ('AlertName' in row || 'AlertSeverity' in row))) return 'SecurityAlert';
  if (type === 'SecurityIncident' || ('IncidentNumber' in row && 'Title' in row)) return 'SecurityIncident';
  if (type === 'SecurityEvent' || type === 'Event' || type === 'WindowsEvent' || ('EventID' in row && 'Computer' in row && 'TimeGenerated' in row)) {
    return 'WindowsEvent';
  }
  if (isAdvancedHuntingRow(row)) return 'AdvancedHunting';
  if ('TimeGenerated' in row && (type || 'TenantId' in row)) return 'Generic';
  return null;
}

const WINDOWS_SKIP = new Set(['TimeGenerated', 'Computer']);

/** SecurityEvent and Event rows (Windows event logs collected by the agent). */
function windowsEvent(ctx: ImportContext, raw: Json, position: Position): boolean {
  const r = normalizeRow(raw);
  const time = ctx.time(r.TimeGenerated as string | number | undefined, position, 'TimeGenerated');
  if (time === null) return false;
  const activity = pick(r, 'Activity');
  const id = pick(r, 'EventID');
  // Activity is "4624 - An account was successfully logged on." or, for some providers, only the number.
  const headline =
    activity && !/^\d+$/.test(activity)
      ? activity
      : [`Event ${id}`, pick(r, 'EventSourceName', 'Source', 'Channel', 'EventLog')].filter(Boolean).join(' from ');
  const description = pick(r, 'RenderedDescription');
  ctx.event({
    time,
    timestampDesc: 'Event Recorded',
    message: description && description !== headline ? `${headline}: ${description}` : headline,
    source: pick(r, 'Type') || 'WindowsEvent',
    host: pick(r, 'Computer'),
    user: pickAccount(r, 'Account', 'TargetAccount', 'SubjectAccount', 'UserName'),
    tags: [],
    attributes: rowAttributes(r, WINDOWS_SKIP),
  });
  return true;
}

/** Any other Log Analytics row (AuditLogs, OfficeActivity, SigninLogs...): an event with every column. */
function genericRow(ctx: ImportContext, raw: Json, position: Position): boolean {
  const r = normalizeRow(raw);
  if (mapSyslogSysmonRow(ctx, r, position)) return true;
  const time = ctx.time(r.TimeGenerated as string | number | undefined, position, 'TimeGenerated');
  if (time === null) return false;
  // What happened: the operation, or the line a Syslog (or other text log) row carries.
  const what = pick(r, 'OperationName', 'Operation', 'ActivityDisplayName', 'Activity', 'Category') || pick(r, 'SyslogMessage', 'Message', 'RawData');
  ctx.event({
    time,
    timestampDesc: 'Event Recorded',
    message: [pick(r, 'Type'), what].filter(Boolean).join(': ') || 'Log Analytics row',
    source: pick(r, 'Type') || 'Log Analytics',
    host: pick(r, 'Computer'),
    user: pickAccount(r, 'UserId', 'UserPrincipalName', 'Identity', 'Caller', 'Account', 'DestinationUserName', 'SourceUserName'),
    tags: [],
    attributes: rowAttributes(r, new Set(['TimeGenerated'])),
  });
  return true;
}

/**
 * Maps one row: SecurityAlert → an alert with its entities (`$id`/`$ref`
 * links resolved) and activity events; SecurityIncident → the incident (it
 * becomes the current incident: what follows goes to its case; repeated
 * versions keep the newest); SecurityEvent/Event → an event; advanced hunting
 * → an event with entities; any other row with TimeGenerated → an event.
 * Returns false when the row is none of these (nothing was written).
 */
export function mapLogAnalyticsRow(ctx: ImportContext, row: Json, position: Position): boolean {
  switch (logAnalyticsRowKind(row)) {
    case 'SecurityAlert':
      rowAlert(ctx, normalizeRow(row), position);
      return true;
    case 'SecurityIncident': {
      const state = stateOf(ctx);
      const incident = rowIncident(ctx, normalizeRow(row), position, state.warn);
      if (!incident) return true;
      const known = state.incidents.get(incident.input.externalId);
      if (known === undefined || incident.modified >= known) {
        state.incidents.set(incident.input.externalId, incident.modified);
        ctx.incident(incident.input, { position: incident.position });
      }
      if (known === undefined) emitIncidentEvent(ctx, incident);
      return true;
    }
    case 'WindowsEvent':
      windowsEvent(ctx, row, position);
      return true;
    case 'AdvancedHunting':
      mapAdvancedHuntingRow(ctx, row, position);
      return true;
    case 'Generic':
      genericRow(ctx, row, position);
      return true;
    default:
      return false;
  }
}
