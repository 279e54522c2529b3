import type { Tlp } from '../../../../shared/domain/case';
import type { ImportContext } from '../types';
import { optionalIso, optionalTime } from '../intel/optional-time';
import { isTlpTag, strictestTlp, tlpOf } from '../intel/tlp';
import { observablesOf } from './misp-attribute-types';
import { galaxyEntity, clustersOf } from './misp-galaxies';
import { epochField, flag, isObject, list, tagNames, text, type Json } from './misp-fields';
import { dataObject } from '../data-object';

/**
 * One MISP attribute (of the event or of an object) →
 * - an entity for each observable it holds (to_ids or not),
 * - an indicator for each, when to_ids is set (an unknown type marked to_ids is an 'other' indicator),
 * - a timeline event at its timestamp ("MISP attribute added: <type> <value>"),
 * - entities for the galaxy clusters attached to it.
 * Attributes marked deleted are skipped. Object attributes carry the object's
 * name, uuid and the values of its other attributes, so an object's parts read together.
 */

export interface Scope {
  ctx: ImportContext;
  /** Record number of the event (or loose object) in the document. */
  record: number;
  eventUuid: string | null;
  /** The event's title, for attributes read without their event (an attribute search). */
  eventInfo?: string;
  eventTlp: Tlp | null;
  /** uuid → "type value", for naming sightings. */
  attributeNames: Map<string, string>;
  deleted: number;
  emitted: number;
}

export interface ObjectContext {
  name: string;
  uuid: string;
  metaCategory: string;
  comment: string;
  /** object_relation → value of its attributes (short ones). */
  values: Record<string, string>;
}

const MAX_MESSAGE_VALUE = 300;

function short(value: string, max = MAX_MESSAGE_VALUE): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function objectContext(object: Json): ObjectContext {
  const values: Record<string, string> = dataObject();
  for (const a of list(object.Attribute)) {
    if (flag(a.deleted)) continue;
    const relation = text(a.object_relation) || text(a.type);
    const value = text(a.value);
    if (relation && value && value.length <= 512 && !(relation in values)) values[relation] = value;
  }
  return { name: text(object.name), uuid: text(object.uuid), metaCategory: text(object['meta-category']), comment: text(object.comment), values };
}

export function emitAttribute(scope: Scope, a: Json, field: string, object?: ObjectContext): void {
  const { ctx, record } = scope;
  if (flag(a.deleted)) {
    scope.deleted++;
    return;
  }
  const type = text(a.type).trim();
  const value = text(a.value);
  if (!type) {
    ctx.invalid({ position: { record }, field: `${field}.type`, reason: 'the attribute has no type' });
    return;
  }
  scope.emitted++;
  const uuid = text(a.uuid);
  const tags = tagNames(a.Tag);
  const tlp = strictestTlp(tags.filter(isTlpTag).map(tlpOf)) ?? scope.eventTlp;
  const toIds = flag(a.to_ids);
  const comment = text(a.comment);
  const category = text(a.category);
  if (uuid) scope.attributeNames.set(uuid, `${type} ${short(value, 120)}`);

  const common: Record<string, unknown> = {
    mispType: type,
    ...(category ? { category } : {}),
    ...(uuid ? { mispUuid: uuid } : {}),
    ...(comment ? { comment } : {}),
    ...(scope.eventUuid ? { eventUuid: scope.eventUuid } : {}),
    ...(scope.eventInfo ? { eventInfo: scope.eventInfo } : {}),
    ...(object
      ? {
          object: object.name,
          objectUuid: object.uuid,
          objectRelation: text(a.object_relation),
          objectValues: object.values,
          ...(object.comment ? { objectComment: object.comment } : {}),
        }
      : {}),
  };
  const firstSeen = optionalIso(ctx, a.first_seen, { record }, `${field}.first_seen`);
  const lastSeen = optionalIso(ctx, a.last_seen, { record }, `${field}.last_seen`);

  emitObservables(ctx, type, value, { common, firstSeen, lastSeen, toIds, uuid, comment, tlp, tags });

  for (const { galaxy, cluster } of clustersOf(a.Galaxy)) ctx.entity(galaxyEntity(galaxy, cluster, `${type} ${short(value, 120)}`));

  emitAttributeEvent(scope, a, field, { type, value, tags, toIds, common });
}

interface AttributeDetail {
  common: Record<string, unknown>;
  firstSeen: string | null;
  lastSeen: string | null;
  toIds: boolean;
  uuid: string;
  comment: string;
  tlp: ReturnType<typeof strictestTlp>;
  tags: string[];
}

/** The entities an attribute's value names (one per part of a composite such as ip-dst|port), and its indicators when it is for detection. */
function emitObservables(ctx: Scope['ctx'], type: string, value: string, detail: AttributeDetail): void {
  const { common, firstSeen, lastSeen, toIds, uuid, comment, tlp, tags } = detail;
  const observables = observablesOf(type, value);
  if (observables) {
    for (const o of observables) {
      const siblings = Object.fromEntries(observables.filter((s) => s !== o).map((s) => [s.part, s.value]));
      if (o.entity) {
        const other = o.entity.type === 'other';
        ctx.entity({
          type: o.entity.type,
          value: other ? `${o.entity.kind}:${o.value}` : o.value,
          ...(other ? { display: o.value } : {}),
          firstSeen,
          lastSeen,
          attributes: { ...(o.entity.kind ? { kind: o.entity.kind } : {}), ...common, ...siblings },
        });
      }
      if (toIds && o.indicator) {
        ctx.indicator({
          type: o.indicator,
          value: o.value,
          forDetection: true,
          externalId: uuid || null,
          description: comment,
          tlp,
          labels: tags,
          origin: type,
          validFrom: null,
          validUntil: null,
          attributes: { ...common, ...(observables.length > 1 ? { part: o.part, ...siblings } : {}) },
        });
      }
    }
  } else if (toIds && value.trim()) {
    ctx.indicator({
      type: 'other',
      value: value.trim(),
      forDetection: true,
      externalId: uuid || null,
      description: comment,
      tlp,
      labels: tags,
      origin: type,
      validFrom: null,
      validUntil: null,
      attributes: common,
    });
  }
}

/** The attribute's own timeline event, when it has a timestamp. */
function emitAttributeEvent(
  scope: Scope,
  a: Json,
  field: string,
  detail: { type: string; value: string; tags: string[]; toIds: boolean; common: Record<string, unknown> },
): void {
  const { ctx, record } = scope;
  const { type, value, tags, toIds, common } = detail;
  const time = optionalTime(ctx, epochField(a.timestamp), { record }, `${field}.timestamp`);
  if (time !== null) {
    ctx.event({
      time,
      timestampDesc: 'MISP Attribute Timestamp',
      message: `MISP attribute added: ${type} ${short(value)}`.trimEnd(),
      source: ctx.file,
      host: '',
      user: '',
      tags,
      attributes: Object.fromEntries(
        Object.entries({ ...common, value: value.slice(0, 10_000), toIds: String(toIds) })
          .filter(([, v]) => typeof v === 'string' && v !== '')
          .map(([k, v]) => [k, v as string]),
      ),
    });
  }
}

const SIGHTING_TYPES: Record<string, string> = { '0': 'sighting', '1': 'false positive', '2': 'expiration' };

export function emitSighting(scope: Scope, s: Json, field: string, attributeUuid?: string): void {
  const { ctx, record } = scope;
  const time = optionalTime(ctx, epochField(s.date_sighting), { record }, `${field}.date_sighting`);
  if (time === null) return;
  const kind = SIGHTING_TYPES[text(s.type) || '0'] ?? `type ${text(s.type)}`;
  const target = text(s.attribute_uuid) || attributeUuid || '';
  const of = scope.attributeNames.get(target) ?? (text(s.value) || (target ? `attribute ${target}` : 'the event'));
  const org = isObject(s.Organisation) ? text(s.Organisation.name) : '';
  const source = text(s.source);
  ctx.event({
    time,
    timestampDesc: 'MISP Sighting',
    message: `MISP ${kind} of ${of}${org ? ` by ${org}` : ''}${source ? ` (source: ${source})` : ''}`,
    source: ctx.file,
    host: '',
    user: '',
    tags: [],
    attributes: Object.fromEntries(
      Object.entries({ sightingType: kind, attributeUuid: target, org, sightingSource: source, eventUuid: scope.eventUuid ?? '' }).filter(([, v]) => v !== ''),
    ),
  });
}
