import { isoUs } from '../../../../shared/time';
import type { AlertInput, ImportContext, Importer, IncidentInput, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';

import { mapAlertStatus, mapClassification, mapDetermination, mapIncidentStatus, mapSeverity, onceWarner, type Warn } from './enums';
import { caseFields } from './case-fields';
import { emitAlertEvents } from './alert-events';
import { evidenceEntities, isEvidence } from './graph-evidence';
import { emitEvidenceEvents } from './evidence-events';
import { objectRecords, readText, topLevelValues } from './json-input';
import { isObject, list, optionalIso, optionalUs, pick, rest, str, strings, type Json } from './values';
import { looksLikeJson } from './sniffing';

/**
 * Microsoft Graph security API exports: incidents (`security/incidents`, with
 * or without `$expand=alerts`), alerts (`security/alerts_v2`) and alert
 * evidence, as one object, an OData list, an array, or JSON Lines.
 *
 * Each incident becomes a case (unless the import goes into a chosen case);
 * its alerts, their evidence as entities, and timeline events for the
 * incident, its comments and its alerts' activity go with it. Alerts that
 * stand alone go with the incident of their `incidentId` when that incident
 * is in the same file, else into the file's own case.
 */

const ODATA_TYPE = /"@odata\.type"\s*:\s*"#?microsoft\.graph\.(security\.)?(incident|alert|alert_?v2|\w+Evidence)"/i;
const ODATA_CONTEXT = /"@odata\.context"\s*:\s*"[^"]*\$metadata#security\/(incidents|alerts_v2)/i;

const SOURCE = 'Microsoft Defender XDR (Graph)';

type Kind = 'incident' | 'alert' | 'evidence' | null;

/**
 * What a record is: by its `@odata.type` when that names an incident or alert
 * (the current `#microsoft.graph.security.incident`, the older
 * `#microsoft.graph.incident`...), else by the fields only each kind has. An
 * unexpected type (or none) never hides a record whose shape says what it is.
 */
function kindOf(o: Json): Kind {
  const type = str(o['@odata.type']).toLowerCase();
  if (/(^|[.#])incident$/.test(type)) return 'incident';
  if (/(^|[.#])alert(_?v2)?$/.test(type)) return 'alert';
  if (isEvidence(o)) return 'evidence';
  if ('alertWebUrl' in o || 'providerAlertId' in o || ('evidence' in o && ('detectionSource' in o || 'serviceSource' in o))) return 'alert';
  if ('incidentWebUrl' in o || ('alerts' in o && 'displayName' in o && ('severity' in o || 'status' in o || 'classification' in o))) return 'incident';
  return null;
}

const INCIDENT_MAPPED = new Set([
  '@odata.type',
  'id',
  'displayName',
  'description',
  'severity',
  'status',
  'classification',
  'determination',
  'assignedTo',
  'tags',
  'customTags',
  'systemTags',
  'alerts',
  'comments',
  'createdDateTime',
]);

const ALERT_MAPPED = new Set([
  '@odata.type',
  'id',
  'title',
  'severity',
  'status',
  'category',
  'detectionSource',
  'createdDateTime',
  'firstActivityDateTime',
  'lastActivityDateTime',
  'description',
  'mitreTechniques',
  'evidence',
]);

export function graphIncident(ctx: ImportContext, o: Json, position: Position, warn: Warn): IncidentInput | null {
  const id = pick(o, 'id');
  if (!id) {
    ctx.invalid({ position, field: 'id', reason: 'the incident has no id' });
    return null;
  }
  const status = mapIncidentStatus(o.status, warn);
  if (str(o.status).toLowerCase() === 'redirected') {
    const to = pick(o, 'redirectIncidentId');
    ctx.warn(`incident ${id} was redirected (merged) into incident ${to || '(not named)'}; it was imported as closed`, position);
  }
  const fields = caseFields(
    {
      title: pick(o, 'displayName') || `Graph incident ${id}`,
      description: pick(o, 'description', 'summary'),
      severity: mapSeverity(o.severity, warn),
      status,
      classification: mapClassification(o.classification, warn),
      determination: mapDetermination(o.determination, warn),
      owner: pick(o, 'assignedTo'),
      tags: [...strings(o.tags), ...strings(o.customTags), ...strings(o.systemTags)],
    },
    warn,
  );
  return { externalId: id, fields, createdAt: optionalIso(ctx, o.createdDateTime, position, 'createdDateTime'), attributes: rest(o, INCIDENT_MAPPED) };
}

/** The incident's own moments: its creation and each comment. */
function incidentEvents(ctx: ImportContext, o: Json, incident: IncidentInput, position: Position): void {
  const base = { source: ctx.file, host: '', user: '', tags: ['incident'] };
  const created = optionalUs(ctx, o.createdDateTime, position, 'createdDateTime');
  const attributes = { incidentId: incident.externalId, severity: incident.fields.severity ?? '', status: incident.fields.status ?? '' };
  if (created !== null) ctx.event({ ...base, time: created, timestampDesc: 'Incident created', message: incident.fields.title, attributes });
  list(o.comments).forEach((c, i) => {
    if (!isObject(c)) return;
    const field = `comments[${i}]`;
    const at = c.createdDateTime !== undefined ? 'createdDateTime' : 'createdTime';
    const time = optionalUs(ctx, c[at], position, `${field}.${at}`);
    if (time === null) return;
    const by = pick(c, 'createdBy', 'createdByDisplayName');
    // The author stays out of the message: the pipeline would make an entity of an analyst's address.
    ctx.event({
      ...base,
      time,
      timestampDesc: 'Incident comment',
      message: pick(c, 'comment'),
      attributes: { incidentId: incident.externalId, createdBy: by },
    });
  });
}

export function graphAlert(ctx: ImportContext, o: Json, position: Position, path: string, warn: Warn): void {
  const id = pick(o, 'id', 'providerAlertId');
  if (!id) {
    ctx.invalid({ position, field: path ? `${path}.id` : 'id', reason: 'the alert has no id' });
    return;
  }
  const at = (name: string) => (path ? `${path}.${name}` : name);
  const created = optionalUs(ctx, o.createdDateTime, position, at('createdDateTime'));
  const first = optionalUs(ctx, o.firstActivityDateTime, position, at('firstActivityDateTime'));
  const last = optionalUs(ctx, o.lastActivityDateTime, position, at('lastActivityDateTime'));
  const iso = (us: number | null) => (us === null ? null : isoUs(us));
  const evidence = list(o.evidence);
  const perEvidence = evidence.map((e, i) =>
    isObject(e) ? evidenceEntities(ctx, e, position, at(`evidence[${i}]`)) : (ctx.warn(`${at(`evidence[${i}]`)} is not an object; skipped`, position), []),
  );
  const entities = perEvidence.flat();
  const alert: AlertInput = {
    externalId: id,
    title: pick(o, 'title') || `Alert ${id}`,
    severity: mapSeverity(o.severity, warn),
    status: mapAlertStatus(o.status),
    category: pick(o, 'category') || null,
    detectionSource: pick(o, 'detectionSource', 'serviceSource') || null,
    createdAt: iso(created),
    firstActivity: iso(first),
    lastActivity: iso(last),
    description: pick(o, 'description'),
    mitreTechniques: strings(o.mitreTechniques),
    attributes: rest(o, ALERT_MAPPED),
    source: SOURCE,
    entities,
  };
  if (!ctx.alert(alert, { position, path })) return;
  emitAlertEvents(ctx, alert, { created, firstActivity: first, lastActivity: last }, pick(o, 'incidentId') ? { incidentId: pick(o, 'incidentId') } : {});
  emitEvidenceEvents(
    ctx,
    id,
    evidence,
    perEvidence.map((found) => found[0]),
    entities,
    position,
    path ? `${path}.` : '',
  );
}

export const graphSecurity: Importer = {
  format: 'graph-security',
  label: 'Microsoft Graph security incidents, alerts and evidence (JSON)',
  sniff(sample: Sample): number {
    if (!looksLikeJson(sample.text)) return 0;
    if (ODATA_TYPE.test(sample.text) || ODATA_CONTEXT.test(sample.text)) return 0.95;
    const t = sample.text;
    if (/"alertWebUrl"\s*:/.test(t) && /"(providerAlertId|detectionSource|serviceSource)"\s*:/.test(t)) return 0.8;
    if (/"incidentWebUrl"\s*:/.test(t) && /"displayName"\s*:/.test(t)) return 0.8;
    return 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const warn = onceWarner((m) => ctx.warn(m));
    const recs = objectRecords(ctx, topLevelValues(ctx, await readText(ctx)));
    const incidents: { o: Json; position: Position }[] = [];
    const alerts: { o: Json; position: Position }[] = [];
    let recognised = 0;
    const loose: (() => void)[] = [];
    for (const { value: o, position } of recs) {
      const kind = kindOf(o);
      if (kind) recognised++;
      if (kind === 'incident') incidents.push({ o, position });
      else if (kind === 'alert') alerts.push({ o, position });
      else if (kind === 'evidence') loose.push(() => evidenceEntities(ctx, o, position, 'evidence').forEach((e) => ctx.entity(e)));
      else ctx.warn(`not a Graph security incident, alert or evidence object (${str(o['@odata.type']) || 'no @odata.type'}); skipped`, position);
    }
    if (recognised === 0 && recs.length > 0) {
      throw new ImportProblem(
        `${ctx.file}: no Microsoft Graph security incident, alert or evidence in the file (no "@odata.type" of #microsoft.graph.security.*)`,
      );
    }

    // Records that belong to no incident go first: once an incident is open, everything goes to it.
    const incidentIds = new Set(incidents.map(({ o }) => pick(o, 'id')).filter(Boolean));
    const linked = new Map<string, { o: Json; position: Position }[]>();
    for (const a of alerts) {
      const to = pick(a.o, 'incidentId');
      if (to && incidentIds.has(to)) {
        let list = linked.get(to);
        if (!list) linked.set(to, (list = []));
        list.push(a);
      } else loose.push(() => graphAlert(ctx, a.o, a.position, '', warn));
    }
    let n = 0;
    const tick = async () => {
      if (++n % 200 === 0) await ctx.checkpoint();
    };
    for (const emit of loose) {
      emit();
      await tick();
    }
    for (const { o, position } of incidents) {
      const incident = graphIncident(ctx, o, position, warn);
      if (!incident) continue;
      ctx.incident(incident, { position });
      incidentEvents(ctx, o, incident, position);
      // `alerts` is an array when expanded, but some exports (and pipelines) write a single object.
      list(o.alerts).forEach((a, i) => {
        if (isObject(a)) graphAlert(ctx, a, position, `alerts[${i}]`, warn);
        else ctx.warn(`alerts[${i}] is not an object; skipped`, position);
      });
      for (const a of linked.get(incident.externalId) ?? []) graphAlert(ctx, a.o, a.position, '', warn);
      await tick();
    }
    await ctx.checkpoint();
  },
};
