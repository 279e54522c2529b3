import { ImportProblem } from '../problems';
import { isObject, type Json } from './misp-fields';

/**
 * The events of a MISP JSON document, whichever wrapper it uses: a bare event
 * object, {"Event": {...}}, {"response": [{"Event": {...}}, ...]} (a search
 * result, also with bare events as items), or a list of those (the event
 * index, `/events/index`, is such a list of events without attributes). A
 * response of {"Object": {...}} items (MISP's object collections) gives loose
 * objects; an attribute search (`/attributes/restSearch`: {"response":
 * {"Attribute": [...]}}, or a bare list of attributes) gives loose attributes.
 */

export interface Numbered {
  value: Json;
  /** 1-based position of the item in the document's list (1 for a single event). */
  record: number;
}

export interface MispDocument {
  events: Numbered[];
  objects: Numbered[];
  attributes: Numbered[];
  /** Record numbers of list items that are neither (bad records, reported by the importer). */
  unknown: number[];
}

/** A bare event: MISP's own fields, not any wrapper. */
export function looksLikeEvent(v: Json): boolean {
  return typeof v.info === 'string' || ('Attribute' in v && ('uuid' in v || 'threat_level_id' in v)) || ('threat_level_id' in v && 'uuid' in v);
}

/** One attribute as an attribute search returns it: its type and value, with the event it belongs to. */
export function looksLikeAttribute(v: Json): boolean {
  return typeof v.type === 'string' && 'value' in v && ('category' in v || 'to_ids' in v || 'event_id' in v) && !looksLikeEvent(v);
}

/** The attribute list of an attribute search: {"response": {"Attribute": [...]}} or {"Attribute": [...]} without an event around it. */
function searchedAttributes(root: unknown): unknown[] | null {
  if (!isObject(root)) return null;
  if (isObject(root.response) && Array.isArray(root.response.Attribute)) return root.response.Attribute;
  return Array.isArray(root.Attribute) && !looksLikeEvent(root) ? root.Attribute : null;
}

export function readMispDocument(root: unknown, file: string): MispDocument {
  const doc: MispDocument = { events: [], objects: [], attributes: [], unknown: [] };
  const item = (v: unknown, record: number): boolean => {
    if (!isObject(v)) return false;
    // First: a searched attribute carries a short "Event" of its own.
    if (looksLikeAttribute(v)) doc.attributes.push({ value: v, record });
    else if (isObject(v.Event)) doc.events.push({ value: v.Event, record });
    else if (isObject(v.Object)) doc.objects.push({ value: v.Object, record });
    else if (isObject(v.Attribute)) doc.attributes.push({ value: v.Attribute, record });
    else if (looksLikeEvent(v)) doc.events.push({ value: v, record });
    else return false;
    return true;
  };
  let items: unknown[] | null = searchedAttributes(root);
  if (items) {
    items.forEach((v, i) => {
      if (isObject(v)) doc.attributes.push({ value: v, record: i + 1 });
      else doc.unknown.push(i + 1);
    });
    return doc;
  }
  if (Array.isArray(root)) items = root;
  else if (isObject(root) && Array.isArray(root.response)) items = root.response;
  else if (isObject(root) && item(root, 1)) return doc;

  if (items) {
    items.forEach((v, i) => {
      if (!item(v, i + 1)) doc.unknown.push(i + 1);
    });
    // One stray item in a list of events is a bad record; a list with no event at all is another format.
    if (doc.events.length || doc.objects.length || doc.attributes.length || items.length === 0) return doc;
  }
  const found = Array.isArray(root) ? 'a list' : isObject(root) ? `an object with keys ${Object.keys(root).slice(0, 5).join(', ') || '(none)'}` : typeof root;
  throw new ImportProblem(
    `${file}: not a MISP event: expected {"Event": {...}}, {"response": [{"Event": {...}}]}, an event object with "info" or an attribute search {"response": {"Attribute": [...]}}; found ${found}`,
  );
}
