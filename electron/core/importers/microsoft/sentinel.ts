import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { stateOf } from './context-state';
import { logAnalyticsRowKind, mapLogAnalyticsRow } from './log-analytics';
import { normalizeRow } from './row-fields';
import { sentinelEntities } from './sentinel-entities';
import { isRestAlert, isRestEntity, isRestIncident, openSentinelInput, type Unit } from './sentinel-input';
import { emitIncidentEvent, restAlert, restIncident, rowAlert, rowIncident, type SentinelIncident } from './sentinel-records';
import { hasKeys, looksLikeJson } from './sniffing';
import { pick, str, type Json } from './values';

/**
 * Microsoft Sentinel: REST incidents, alerts and entities, and Log Analytics
 * rows (SecurityAlert, SecurityIncident, SecurityEvent/Event, advanced
 * hunting, any other table) as JSON, JSON Lines or a query API answer.
 *
 * Incidents are read first (a first pass over the file), because the import
 * writes each incident's records into its own case and, once an incident is
 * open, everything written goes to it. So: with one incident in the file,
 * everything in the file belongs to it; with several, each gets the
 * SecurityAlert rows its AlertIds name, and the rest goes to the file's own case.
 */

/** Lines that may hold an incident; the first pass parses only these. */
const INCIDENT_LINE = /"(IncidentNumber|IncidentName)"|SecurityInsights\/incidents/i;

function incidentOf(ctx: ImportContext, o: Json, position: Position): SentinelIncident | null | undefined {
  const warn = stateOf(ctx).warn;
  if (isRestIncident(o)) return restIncident(ctx, o, position, warn);
  if (!isRestEntity(o) && logAnalyticsRowKind(o) === 'SecurityIncident') return rowIncident(ctx, normalizeRow(o), position, warn);
  return undefined;
}

export const sentinel: Importer = {
  format: 'sentinel',
  label: 'Microsoft Sentinel incidents, alerts and Log Analytics rows (JSON)',
  sniff(sample: Sample): number {
    const t = sample.text;
    if (!looksLikeJson(t)) return 0;
    if (/Microsoft\.SecurityInsights\//i.test(t)) return 0.95;
    if (/"Type"\s*:\s*"Security(Alert|Incident|Event)"/.test(t)) return 0.9;
    if (hasKeys(t, 'SystemAlertId', 'AlertName') || hasKeys(t, 'IncidentNumber', 'Title')) return 0.9;
    if (hasKeys(t, 'tables') && hasKeys(t, 'columns', 'rows')) return 0.85;
    if (hasKeys(t, 'Timestamp', 'ActionType') && (hasKeys(t, 'DeviceName') || hasKeys(t, 'ReportId') || hasKeys(t, 'AccountUpn'))) return 0.8;
    if (hasKeys(t, 'EventID', 'Computer', 'TimeGenerated')) return 0.75;
    // Any other Log Analytics table: below the Security-Datasets importer, which also reads such rows.
    if (hasKeys(t, 'TimeGenerated', 'TenantId', 'Type')) return 0.55;
    return 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const input = await openSentinelInput(ctx);

    // Pass 1: the incidents, newest version of each.
    const incidents = new Map<string, SentinelIncident>();
    await input.read(
      async (units) => {
        for (const u of units) {
          if (u.kind !== 'object') continue;
          const incident = incidentOf(ctx, u.value, u.position);
          if (!incident) continue;
          const known = incidents.get(incident.input.externalId);
          if (!known || incident.modified >= known.modified) incidents.set(incident.input.externalId, incident);
        }
        await ctx.checkpoint();
      },
      { report: false, lineFilter: INCIDENT_LINE },
    );

    const owner = new Map<string, string>();
    for (const incident of incidents.values()) for (const id of incident.alertIds) owner.set(id, incident.input.externalId);
    const several = incidents.size > 1;
    const heldBack = new Map<string, { row: Json; position: Position }[]>();
    const open = (incident: SentinelIncident) => {
      ctx.incident(incident.input, { position: incident.position });
      emitIncidentEvent(ctx, incident);
    };
    if (incidents.size === 1) open([...incidents.values()][0]!);

    // Pass 2: everything else.
    let objects = 0;
    let recognised = incidents.size;
    const unit = (u: Unit) => {
      if (u.kind === 'entities') {
        recognised++;
        for (const e of sentinelEntities(u.list)) ctx.entity(e);
        return;
      }
      const o = u.value;
      objects++;
      if (isRestIncident(o)) return;
      if (isRestAlert(o)) {
        recognised++;
        restAlert(ctx, o, u.position);
        return;
      }
      if (isRestEntity(o)) {
        recognised++;
        for (const e of sentinelEntities([o])) ctx.entity(e);
        return;
      }
      const kind = logAnalyticsRowKind(o);
      if (kind === 'SecurityIncident') return;
      if (kind === 'SecurityAlert' && several) {
        const to = owner.get(pick(o, 'SystemAlertId'));
        if (to) {
          recognised++;
          let held = heldBack.get(to);
          if (!held) heldBack.set(to, (held = []));
          held.push({ row: o, position: u.position });
          return;
        }
      }
      if (mapLogAnalyticsRow(ctx, o, u.position)) recognised++;
      else ctx.warn(`not a Sentinel incident, alert, entity or Log Analytics row (${str(o.type) || str(o.Type) || 'no type'}); skipped`, u.position);
    };
    await input.read(
      async (units) => {
        for (const u of units) unit(u);
        await ctx.checkpoint();
      },
      { report: true },
    );
    if (objects > 0 && recognised === 0) {
      throw new ImportProblem(`${ctx.file}: no Sentinel incident, alert, entity or Log Analytics row in the file`);
    }

    if (several) {
      for (const incident of incidents.values()) {
        open(incident);
        for (const { row, position } of heldBack.get(incident.input.externalId) ?? []) rowAlert(ctx, normalizeRow(row), position);
        await ctx.checkpoint();
      }
    }
  },
};
