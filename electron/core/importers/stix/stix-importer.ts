import { isoUs } from '../../../../shared/time';
import type { Tlp } from '../../../../shared/domain/case';
import type { ImportContext, Importer, Sample } from '../types';
import { parseJsonDocument } from '../intel/json-document';
import { caseTags, droppedTagsWarning } from '../intel/case-tags';
import { optionalIso } from '../intel/optional-time';
import { strictestTlp } from '../intel/tlp';

import { readStixDocument, str, strings, type Entry, type StixObject } from './stix-bundle';
import { Markings } from './stix-markings';
import { RelationshipIndex } from './stix-relationships';
import { observe, OBSERVABLE_TYPES } from './stix-observables';
import { domainEntity, DOMAIN_TYPES, META_TYPES } from './stix-domain-objects';
import { emitIndicator } from './stix-indicators';
import { observationTimes, observedDataEvents, observedObjects, publishedEvent, scopedResolve, sightingEvents } from './stix-timeline';

/**
 * STIX 2.1 (and 2.0) JSON: a bundle, an array of objects or one object.
 * - indicator → indicators, one per IOC of its pattern (stix-indicators.ts)
 * - cyber-observables → entities, and indicators not for detection (stix-observables.ts)
 * - attack patterns, malware, actors, tools... and custom objects → 'other' entities (stix-domain-objects.ts)
 * - relationships → attributes on both ends; markings → TLP
 * - observed-data, sightings, report publication → timeline events
 * - exactly one report (or, without reports, exactly one grouping) → the incident, so
 *   importing it without a chosen case makes a case named after it; otherwise the file is one case.
 */

const CHECKPOINT_EVERY = 500;

const STIX_ID = /"id"\s*:\s*"[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-/g;
const MISP_KEYS = /"(?:Event|Attribute|threat_level_id|Galaxy|GalaxyCluster)"\s*:/;

export function sniffStix(sample: Sample): number {
  const text = sample.text.trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return 0;
  // Keys may come in any order (sorted, "type" last), so the whole sample is searched.
  const head = text;
  if (MISP_KEYS.test(head)) return 0;
  const bundle = /"type"\s*:\s*"bundle"/.test(head);
  const ids = head.match(STIX_ID)?.length ?? 0;
  const spec = /"spec_version"\s*:\s*"2\.[01]"/.test(head);
  if (bundle && (ids > 0 || /"objects"\s*:\s*\[/.test(head))) return 0.95;
  if (ids > 0 && spec) return 0.9;
  if (ids > 0 && /"(?:pattern|object_refs|source_ref|first_observed|valid_from)"\s*:/.test(head)) return 0.7;
  return 0;
}

function caseObjectOf(entries: Entry[]): StixObject | null {
  const reports = entries.filter((e) => e.object.type === 'report');
  if (reports.length === 1) return reports[0]!.object;
  const groupings = entries.filter((e) => e.object.type === 'grouping');
  return reports.length === 0 && groupings.length === 1 ? groupings[0]!.object : null;
}

function openIncident(ctx: ImportContext, report: StixObject, record: number, tlp: Tlp | null, bundleId: string | null): void {
  const { kept, dropped } = caseTags([...strings(report.labels), ...strings(report.report_types), ...(report.context ? [str(report.context)] : [])]);
  if (dropped.length) ctx.warn(droppedTagsWarning(report.id, dropped, "the report's labels"));
  const title = (str(report.name).trim() || `STIX ${report.type} ${report.id}`).slice(0, 300);
  ctx.incident({
    externalId: report.id,
    fields: { title, description: str(report.description).slice(0, 100_000), tags: kept, ...(tlp ? { tlp } : {}) },
    createdAt: optionalIso(ctx, report.published ?? report.created, { record }, report.published !== undefined ? 'published' : 'created'),
    attributes: { stixId: report.id, bundleId, labels: strings(report.labels), objectCount: strings(report.object_refs).length },
  });
}

export const stixImporter: Importer = {
  format: 'stix21',
  label: 'STIX 2.1',
  sniff: sniffStix,
  async run(ctx: ImportContext): Promise<void> {
    const root = parseJsonDocument(await ctx.readAll(), ctx.file, (count, first) => ctx.invalidUtf8?.(count, first));
    ctx.bytes(ctx.size);
    const doc = readStixDocument(root, ctx);
    const objects = doc.entries.map((e) => e.object);
    const resolve = (ref: unknown) => (typeof ref === 'string' ? doc.byId.get(ref) : undefined);
    const markings = new Markings(objects);
    const relations = new RelationshipIndex(objects, doc.byId);
    const seen = observationTimes(ctx, doc.entries, resolve);

    const caseObject = caseObjectOf(doc.entries);
    if (caseObject) {
      const record = doc.entries.find((e) => e.object === caseObject)!.record;
      const tlp = markings.tlpOf(caseObject) ?? strictestTlp(objects.map((o) => markings.tlpOf(o)));
      openIncident(ctx, caseObject, record, tlp, doc.bundleId);
    }

    const custom = new Map<string, number>();
    const emitObservable = (object: StixObject, tlp: Tlp | null, within = resolve) => {
      const observation = observe(object, within);
      if (!observation) return;
      const times = seen.get(object.id);
      const when = times ? { firstSeen: isoUs(times.first), lastSeen: isoUs(times.last) } : {};
      const related = relations.attributesOf(object.id);
      for (const entity of observation.entities) ctx.entity({ ...entity, ...when, attributes: { ...entity.attributes, ...related } });
      for (const v of observation.values) {
        ctx.indicator({
          type: v.type,
          value: v.value,
          forDetection: false,
          externalId: object.id,
          description: '',
          tlp,
          labels: strings(object.labels),
          origin: v.path,
          validFrom: null,
          validUntil: null,
          attributes: { stixId: object.id, observed: true, ...related },
        });
      }
    };

    let done = 0;
    for (const { object, record } of doc.entries) {
      const tlp = markings.tlpOf(object);
      const type = object.type;
      if (type === 'indicator') emitIndicator(ctx, object, record, tlp, relations);
      else if (OBSERVABLE_TYPES.has(type)) emitObservable(object, tlp);
      else if (type === 'observed-data') {
        observedDataEvents(ctx, object, resolve);
        // STIX 2.0 embeds its observables; 2.1 refers to top-level ones, which are emitted on their own.
        const within = scopedResolve(object, resolve);
        for (const inner of observedObjects(object, resolve)) if (inner.id.startsWith(`${object.id}/`)) emitObservable(inner, tlp, within);
      } else if (type === 'sighting') sightingEvents(ctx, object, record, resolve);
      else if (META_TYPES.has(type)) {
        // Read above (markings, relationships); nothing of their own.
      } else if (object === caseObject) publishedEvent(ctx, object, record);
      else {
        if (!DOMAIN_TYPES.has(type)) custom.set(type, (custom.get(type) ?? 0) + 1);
        ctx.entity(domainEntity(object, { ...(tlp ? { tlp } : {}), ...relations.attributesOf(object.id) }));
        if (type === 'report') publishedEvent(ctx, object, record);
      }
      if (++done % CHECKPOINT_EVERY === 0) await ctx.checkpoint();
    }
    for (const [type, count] of custom) {
      ctx.warn(
        `${count} object(s) of ${type.startsWith('x-') ? 'custom' : 'unknown'} type "${type}" were kept as 'other' entities with their fields as attributes`,
      );
    }
    await ctx.checkpoint();
  },
};
