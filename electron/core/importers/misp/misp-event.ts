import { isoUs } from '../../../../shared/time';
import type { ImportContext } from '../types';
import { caseTags, droppedTagsWarning } from '../intel/case-tags';
import { optionalTime } from '../intel/optional-time';
import { isTlpTag, strictestTlp, tlpOf } from '../intel/tlp';
import { parseIsoTime } from '../time';
import { emitAttribute, emitSighting, objectContext, type Scope } from './misp-attributes';
import { clustersOf, galaxyEntity } from './misp-galaxies';
import { analysisOf, distributionOf, epochField, eventTagNames, flag, isObject, list, severityOf, text, type Json } from './misp-fields';

/**
 * One MISP event → an incident (its own case unless the import has a chosen
 * case) and everything in it: attributes, objects, galaxies, sightings, and
 * the event's publication on the timeline.
 */

const CHECKPOINT_EVERY = 500;

/**
 * The event's `date` is a calendar day (MISP stores no time or zone with it),
 * so it is taken as that day at 00:00 UTC rather than as a wall-clock time in
 * the user's zone; without a date, the event's `timestamp` (epoch seconds) is used.
 */
function createdAtOf(ctx: ImportContext, event: Json, record: number): string | null {
  const date = text(event.date).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const parsed = parseIsoTime(date, 'UTC');
    if (parsed) return isoUs(parsed.us);
  }
  if (date) ctx.warn(`event ${text(event.uuid)}: "date" ${JSON.stringify(date)} is not a YYYY-MM-DD date; the event's timestamp was used`, { record });
  const us = optionalTime(ctx, epochField(event.timestamp), { record }, 'timestamp');
  return us === null ? null : isoUs(us);
}

function describe(event: Json, uuid: string, org: string, tags: string[]): string {
  const first = [`MISP event ${uuid || text(event.id)}`, org ? ` from ${org}` : '', event.date ? `, dated ${text(event.date)}` : '', '.'].join('');
  const facts = [
    event.analysis !== undefined ? `Analysis: ${analysisOf(event.analysis)}.` : '',
    event.distribution !== undefined ? `Distribution: ${distributionOf(event.distribution)}.` : '',
    event.published !== undefined ? `Published: ${flag(event.published) ? 'yes' : 'no'}.` : '',
  ].filter(Boolean);
  return [first, facts.join(' '), tags.length ? `Tags: ${tags.join('; ')}` : ''].filter(Boolean).join('\n');
}

export async function importEvent(ctx: ImportContext, event: Json, record: number): Promise<void> {
  const uuid = text(event.uuid).trim();
  const org = isObject(event.Orgc) ? text(event.Orgc.name) : isObject(event.Org) ? text(event.Org.name) : '';
  const allTags = [...new Set(eventTagNames(event))];
  const tlpTags = allTags.filter(isTlpTag);
  const tlp = strictestTlp(tlpTags.map(tlpOf));
  for (const t of tlpTags) if (!tlpOf(t)) ctx.warn(`event ${uuid}: tag "${t}" is not a TLP level this app knows; kept as a tag`, { record });
  const otherTags = allTags.filter((t) => !isTlpTag(t) || !tlpOf(t));
  const { kept, dropped } = caseTags(otherTags);
  if (dropped.length) ctx.warn(droppedTagsWarning(`event ${uuid}`, dropped, 'the case description'), { record });

  const level = severityOf(event.threat_level_id);
  if (!level.known)
    ctx.warn(`event ${uuid}: threat_level_id ${JSON.stringify(event.threat_level_id)} is not 1-4; the severity was left at its default`, { record });

  const info = text(event.info).trim();
  const galaxies = clustersOf(event.Galaxy);
  ctx.incident({
    externalId: uuid || `misp-event-${text(event.id) || record}`,
    fields: {
      title: (info || `MISP event ${uuid || record}`).slice(0, 300),
      description: describe(event, uuid, org, otherTags).slice(0, 100_000),
      tags: kept,
      ...(level.severity ? { severity: level.severity } : {}),
      ...(tlp ? { tlp } : {}),
    },
    createdAt: createdAtOf(ctx, event, record),
    attributes: {
      mispUuid: uuid,
      ...(event.id !== undefined ? { mispId: text(event.id) } : {}),
      ...(org ? { org } : {}),
      tags: allTags,
      analysis: analysisOf(event.analysis),
      distribution: distributionOf(event.distribution),
      relatedEvents: list(event.RelatedEvent)
        .map((r) => (isObject(r.Event) ? text(r.Event.uuid) : text(r.uuid)))
        .filter(Boolean),
    },
  });

  const published = optionalTime(ctx, epochField(event.publish_timestamp), { record }, 'publish_timestamp');
  if (published !== null) {
    ctx.event({
      time: published,
      timestampDesc: 'MISP Event Published',
      message: `MISP event published: ${info || uuid}`,
      source: ctx.file,
      host: '',
      user: '',
      tags: [],
      attributes: { eventUuid: uuid, ...(org ? { org } : {}) },
    });
  }

  const scope: Scope = { ctx, record, eventUuid: uuid || null, eventTlp: tlp, attributeNames: new Map(), deleted: 0, emitted: 0 };
  const tick = async () => {
    if ((scope.emitted + scope.deleted) % CHECKPOINT_EVERY === 0) await ctx.checkpoint();
  };
  const sightings: { s: Json; field: string; attributeUuid?: string }[] = [];

  const attributes = list(event.Attribute);
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    emitAttribute(scope, a, `Attribute[${i}]`);
    list(a.Sighting).forEach((s, k) => sightings.push({ s, field: `Attribute[${i}].Sighting[${k}]`, attributeUuid: text(a.uuid) }));
    await tick();
  }
  const objects = list(event.Object);
  for (let j = 0; j < objects.length; j++) {
    await importObject(scope, objects[j]!, `Object[${j}]`, sightings);
  }
  for (const { galaxy, cluster } of galaxies) ctx.entity(galaxyEntity(galaxy, cluster));
  list(event.Sighting).forEach((s, k) => sightings.push({ s, field: `Sighting[${k}]` }));
  for (const { s, field, attributeUuid } of sightings) emitSighting(scope, s, field, attributeUuid);

  if (scope.deleted) ctx.warn(`event ${uuid}: ${scope.deleted} attribute(s) marked deleted were skipped`, { record });
  await ctx.checkpoint();
}

/** A MISP object: its attributes, each carrying the object's name, uuid and sibling values. */
export async function importObject(
  scope: Scope,
  object: Json,
  field: string,
  sightings: { s: Json; field: string; attributeUuid?: string }[] = [],
): Promise<void> {
  if (flag(object.deleted)) {
    scope.deleted += list(object.Attribute).length;
    return;
  }
  const context = objectContext(object);
  const attributes = list(object.Attribute);
  for (let k = 0; k < attributes.length; k++) {
    const a = attributes[k]!;
    emitAttribute(scope, a, `${field}.Attribute[${k}]`, context);
    list(a.Sighting).forEach((s, n) => sightings.push({ s, field: `${field}.Attribute[${k}].Sighting[${n}]`, attributeUuid: text(a.uuid) }));
    if ((scope.emitted + scope.deleted) % CHECKPOINT_EVERY === 0) await scope.ctx.checkpoint();
  }
}
