import { ImportProblem } from '../problems';
import { isObject, type Json } from './misp-fields';

/**
 * The events of a MISP JSON document, whichever wrapper it uses: a bare event
 * object, {"Event": {...}}, {"response": [{"Event": {...}}, ...]} (a search
 * result, also with bare events as items), or a list of those. A response of
 * {"Object": {...}} items (MISP's object collections) gives loose objects.
 */

export interface Numbered {
  value: Json;
  /** 1-based position of the item in the document's list (1 for a single event). */
  record: number;
}

export interface MispDocument {
  events: Numbered[];
  objects: Numbered[];
  /** Record numbers of list items that are neither (bad records, reported by the importer). */
  unknown: number[];
}

/** A bare event: MISP's own fields, not any wrapper. */
export function looksLikeEvent(v: Json): boolean {
  return typeof v.info === 'string' || ('Attribute' in v && ('uuid' in v || 'threat_level_id' in v)) || ('threat_level_id' in v && 'uuid' in v);
}

export function readMispDocument(root: unknown, file: string): MispDocument {
  const doc: MispDocument = { events: [], objects: [], unknown: [] };
  const item = (v: unknown, record: number): boolean => {
    if (!isObject(v)) return false;
    if (isObject(v.Event)) doc.events.push({ value: v.Event, record });
    else if (isObject(v.Object)) doc.objects.push({ value: v.Object, record });
    else if (looksLikeEvent(v)) doc.events.push({ value: v, record });
    else return false;
    return true;
  };
  let items: unknown[] | null = null;
  if (Array.isArray(root)) items = root;
  else if (isObject(root) && Array.isArray(root.response)) items = root.response;
  else if (isObject(root) && item(root, 1)) return doc;

  if (items) {
    items.forEach((v, i) => {
      if (!item(v, i + 1)) doc.unknown.push(i + 1);
    });
    // One stray item in a list of events is a bad record; a list with no event at all is another format.
    if (doc.events.length || doc.objects.length || items.length === 0) return doc;
  }
  const found = Array.isArray(root) ? 'a list' : isObject(root) ? `an object with keys ${Object.keys(root).slice(0, 5).join(', ') || '(none)'}` : typeof root;
  throw new ImportProblem(`${file}: not a MISP event: expected {"Event": {...}}, {"response": [{"Event": {...}}]} or an event object with "info"; found ${found}`);
}
