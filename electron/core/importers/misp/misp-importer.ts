import type { ImportContext, Importer, Sample } from '../types';
import { parseJsonDocument } from '../intel/json-document';
import { nestingProblem } from '../nesting';
import { readMispDocument } from './misp-document';
import { importEvent, importObject } from './misp-event';
import { emitAttribute, type Scope } from './misp-attributes';
import { isObject, text } from './misp-fields';

/**
 * MISP event JSON in each of its wrappers (misp-document.ts). Each event is an
 * incident: imported without a chosen case, every event becomes a case of its
 * own. Loose objects (a {"response": [{"Object": ...}]} collection) go to the
 * file's own case.
 */

const WRAPPED = /^\{\s*"(?:Event|response)"\s*:\s*[[{]/;
/** An attribute search's answer: {"response": {"Attribute": [ … */
const ATTRIBUTE_SEARCH = /^\{\s*"response"\s*:\s*\{\s*"Attribute"\s*:\s*\[/;
const EVENT_KEYS = ['info', 'threat_level_id', 'analysis', 'Orgc', 'publish_timestamp', 'Galaxy', 'Attribute'].map((k) => new RegExp(`"${k}"\\s*:`));
/** Attribute fields no other format combines: what a bare event with sorted keys shows first. */
const ATTRIBUTE_KEYS = [/"Attribute"\s*:\s*\[/, /"to_ids"\s*:/, /"category"\s*:/, /"object_relation"\s*:|"event_id"\s*:|"uuid"\s*:/];

export function sniffMisp(sample: Sample): number {
  const text = sample.text.trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return 0;
  if (/"type"\s*:\s*"bundle"/.test(text) || /"spec_version"\s*:\s*"2\.[01]"/.test(text)) return 0;
  const eventKeys = EVENT_KEYS.filter((k) => k.test(text)).length;
  const attributes = ATTRIBUTE_KEYS.every((k) => k.test(text));
  if (WRAPPED.test(text) && /"(?:Event|Object)"\s*:\s*\{/.test(text) && (eventKeys >= 1 || /"object_relation"\s*:/.test(text))) return 0.95;
  if (/^\[\s*\{\s*"Event"\s*:\s*\{/.test(text)) return 0.95;
  if (ATTRIBUTE_SEARCH.test(text)) return 0.95;
  if (eventKeys >= 3 || attributes) return 0.85;
  return 0;
}

export const mispImporter: Importer = {
  format: 'misp',
  label: 'MISP event (JSON)',
  sniff: sniffMisp,
  async run(ctx: ImportContext): Promise<void> {
    const root = parseJsonDocument(await ctx.readAll(), ctx.file, (count, first) => ctx.invalidUtf8?.(count, first));
    ctx.bytes(ctx.size);
    const doc = readMispDocument(root, ctx.file);
    for (const record of doc.unknown) {
      ctx.invalid({ position: { record }, field: null, reason: 'neither a MISP event ({"Event": ...}), an object ({"Object": ...}) nor an attribute' });
    }

    // Loose objects first: before any incident() they go to the file's own case.
    const loose: Scope = { ctx, record: 0, eventUuid: null, eventTlp: null, attributeNames: new Map(), deleted: 0, emitted: 0 };
    // A record nested too deep is refused on its own: the walks below recurse.
    const shallow = <T extends { value: unknown; record: number }>(list: T[]) =>
      list.filter(({ value, record }) => {
        const problem = nestingProblem(value, { record });
        if (problem) ctx.invalid(problem);
        return !problem;
      });
    for (const { value, record } of shallow(doc.objects)) {
      loose.record = record;
      await importObject(loose, value, 'Object');
    }
    // Attributes of an attribute search (the usual IOC pull): indicators and entities of the file's own case, each naming its event.
    for (const { value, record } of shallow(doc.attributes)) {
      const event = isObject(value.Event) ? value.Event : null;
      loose.record = record;
      loose.eventUuid = event ? text(event.uuid) || null : null;
      loose.eventInfo = event ? text(event.info) : '';
      emitAttribute(loose, value, `Attribute[${record - 1}]`);
      if (record % 1000 === 0) await ctx.checkpoint();
    }
    if (loose.deleted) ctx.warn(`${loose.deleted} loose attribute(s) marked deleted were skipped`);
    if (doc.events.length === 0 && doc.objects.length === 0 && doc.attributes.length === 0) ctx.warn('the document holds no MISP event');
    for (const { value, record } of shallow(doc.events)) await importEvent(ctx, value, record);
    await ctx.checkpoint();
  },
};
