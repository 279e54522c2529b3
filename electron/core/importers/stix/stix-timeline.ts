import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext } from '../types';
import { optionalTime } from '../intel/optional-time';
import { parseIsoTime } from '../time';
import { str, strings, type StixObject } from './stix-bundle';
import { labelOf } from './stix-relationships';

/**
 * What happened when, in a STIX document: observed-data (first and last
 * observation of its observables), sightings (first and last seen), and a
 * report's publication. Each time becomes a timeline event; an observed-data's
 * times also become the first/last seen of the observables it lists.
 */

type Resolve = (ref: unknown) => StixObject | undefined;

function event(
  ctx: ImportContext,
  time: number,
  timestampDesc: string,
  message: string,
  object: StixObject,
  attributes: Record<string, string>,
): TimelineEvent {
  return {
    time,
    timestampDesc,
    message,
    source: ctx.file,
    host: '',
    user: '',
    tags: strings(object.labels),
    attributes: { stixId: object.id, stixType: object.type, ...attributes },
  };
}

/** The observables an observed-data lists: STIX 2.1 object_refs, or STIX 2.0 embedded `objects`. */
export function observedObjects(object: StixObject, resolve: Resolve): StixObject[] {
  const refs = strings(object.object_refs)
    .map(resolve)
    .filter((o): o is StixObject => o !== undefined);
  const embedded = object.objects && typeof object.objects === 'object' ? (object.objects as Record<string, Record<string, unknown>>) : {};
  for (const [key, inner] of Object.entries(embedded)) {
    if (inner && typeof inner === 'object' && typeof inner.type === 'string') refs.push({ ...inner, id: `${object.id}/${key}` } as StixObject);
  }
  return refs;
}

/** Resolves references of STIX 2.0 embedded observables ("src_ref": "0") to their siblings, others as usual. */
export function scopedResolve(observedData: StixObject, resolve: Resolve): Resolve {
  const embedded = observedObjects(observedData, () => undefined);
  if (embedded.length === 0) return resolve;
  const local = new Map(embedded.map((o) => [o.id.slice(observedData.id.length + 1), o]));
  return (ref) => (typeof ref === 'string' ? (local.get(ref) ?? resolve(ref)) : undefined);
}

/** First/last observation (µs) of each observable, over every observed-data that lists it. */
export function observationTimes(
  ctx: ImportContext,
  entries: { object: StixObject; record: number }[],
  resolve: Resolve,
): Map<string, { first: number; last: number }> {
  const seen = new Map<string, { first: number; last: number }>();
  for (const { object, record } of entries) {
    if (object.type !== 'observed-data') continue;
    const first = optionalTime(ctx, object.first_observed, { record }, 'first_observed');
    const last = optionalTime(ctx, object.last_observed, { record }, 'last_observed') ?? first;
    if (first === null || last === null) continue;
    for (const observed of observedObjects(object, resolve)) {
      const known = seen.get(observed.id);
      if (!known) seen.set(observed.id, { first, last });
      else {
        known.first = Math.min(known.first, first);
        known.last = Math.max(known.last, last);
      }
    }
  }
  return seen;
}

/** Re-reads a time observationTimes already checked (and reported when bad), without reporting it twice. */
function quietTime(ctx: ImportContext, value: unknown): number | null {
  return typeof value === 'string' ? (parseIsoTime(value, ctx.timezone)?.us ?? null) : null;
}

export function observedDataEvents(ctx: ImportContext, object: StixObject, resolve: Resolve): void {
  const first = quietTime(ctx, object.first_observed);
  const last = quietTime(ctx, object.last_observed);
  const observed = observedObjects(object, resolve).map((o) => labelOf(o, o.id, scopedResolve(object, resolve)));
  const count = str(object.number_observed) || '1';
  const what = observed.length ? observed.join(', ') : strings(object.object_refs).join(', ') || 'nothing listed';
  const attributes = { numberObserved: count, objects: observed.join('; ') };
  const times = count === '1' ? 'once' : `${count} times`;
  if (first !== null) ctx.event(event(ctx, first, 'First Observed', `STIX observed-data: ${what} (observed ${times})`, object, attributes));
  if (last !== null && last !== first) ctx.event(event(ctx, last, 'Last Observed', `STIX observed-data: ${what} (last observed)`, object, attributes));
}

export function sightingEvents(ctx: ImportContext, object: StixObject, record: number, resolve: Resolve): void {
  const of = labelOf(resolve(object.sighting_of_ref), str(object.sighting_of_ref) || 'an unknown object');
  const where = strings(object.where_sighted_refs).map((r) => labelOf(resolve(r), r));
  const count = object.count !== undefined ? ` (${str(object.count)}×)` : '';
  const message = `STIX sighting of ${of}${count}${where.length ? ` at ${where.join(', ')}` : ''}`;
  const attributes = {
    sightingOf: str(object.sighting_of_ref),
    ...(where.length ? { whereSighted: where.join('; ') } : {}),
    ...(object.count !== undefined ? { count: str(object.count) } : {}),
  };
  const first = optionalTime(ctx, object.first_seen, { record }, 'first_seen');
  const last = optionalTime(ctx, object.last_seen, { record }, 'last_seen');
  if (first !== null) ctx.event(event(ctx, first, 'First Seen', message, object, attributes));
  if (last !== null && last !== first) ctx.event(event(ctx, last, 'Last Seen', message, object, attributes));
  if (first === null && last === null) {
    const created = optionalTime(ctx, object.created, { record }, 'created');
    if (created !== null) ctx.event(event(ctx, created, 'Sighting Created', message, object, attributes));
  }
}

export function publishedEvent(ctx: ImportContext, object: StixObject, record: number): void {
  const published = optionalTime(ctx, object.published, { record }, 'published');
  if (published === null) return;
  ctx.event(event(ctx, published, 'Published', `STIX ${object.type} published: ${str(object.name) || object.id}`, object, {}));
}
