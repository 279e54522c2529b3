import type { ImportContext } from '../types';
import { nestingProblem } from '../nesting';
import { ImportProblem } from '../problems';

/**
 * The objects of a STIX document: a bundle ({"type":"bundle","objects":[...]}),
 * a bare array of objects, or a single object. Each keeps its 1-based record
 * number so problems can name it. Objects without a type are bad records; one
 * id seen twice (versions of one object) keeps the latest `modified`.
 */

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface Entry {
  object: StixObject;
  /** 1-based position in the objects array. */
  record: number;
}

export interface StixDocument {
  bundleId: string | null;
  entries: Entry[];
  byId: Map<string, StixObject>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field as text: strings as they are, numbers and booleans written out, anything else (objects, lists) empty. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function rawObjects(root: unknown, file: string): { bundleId: string | null; items: unknown[] } {
  if (Array.isArray(root)) return { bundleId: null, items: root };
  if (isObject(root)) {
    if (root.type === 'bundle') {
      if (root.objects === undefined) return { bundleId: str(root.id) || null, items: [] };
      if (!Array.isArray(root.objects)) throw new ImportProblem(`${file}: the bundle's "objects" is ${typeof root.objects}, not a list`);
      return { bundleId: str(root.id) || null, items: root.objects };
    }
    if (typeof root.type === 'string' && typeof root.id === 'string' && root.id.startsWith(`${root.type}--`)) return { bundleId: null, items: [root] };
  }
  const found = Array.isArray(root) ? 'an array' : isObject(root) ? `an object with keys ${Object.keys(root).slice(0, 5).join(', ') || '(none)'}` : typeof root;
  throw new ImportProblem(
    `${file}: not a STIX 2.x document: expected a bundle {"type": "bundle", "objects": [...]}, a STIX object or a list of them; found ${found}`,
  );
}

export function readStixDocument(root: unknown, ctx: ImportContext): StixDocument {
  const { bundleId, items } = rawObjects(root, ctx.file);
  if (items.length === 0) ctx.warn('the STIX document has no objects');
  const entries: Entry[] = [];
  const byId = new Map<string, StixObject>();
  const slot = new Map<string, number>();
  let versions = 0;
  items.forEach((item, i) => {
    const record = i + 1;
    if (!isObject(item)) {
      ctx.invalid({
        position: { record },
        field: null,
        reason: `a STIX object must be a JSON object, found ${Array.isArray(item) ? 'an array' : typeof item}`,
      });
      return;
    }
    const deep = nestingProblem(item, { record });
    if (deep) {
      ctx.invalid(deep);
      return;
    }
    if (typeof item.type !== 'string' || !item.type) {
      ctx.invalid({ position: { record }, field: 'type', reason: 'the object has no "type"' });
      return;
    }
    // STIX 2.1 requires ids; some producers leave them off observables. Give one so references can still be reported.
    const id = typeof item.id === 'string' && item.id ? item.id : `${item.type}--record-${record}`;
    const object = { ...item, id } as StixObject;
    const earlier = slot.get(id);
    if (earlier !== undefined) {
      versions++;
      const kept = entries[earlier]!.object;
      if (str(object.modified) >= str(kept.modified)) {
        entries[earlier] = { object, record };
        byId.set(id, object);
      }
      return;
    }
    slot.set(id, entries.length);
    entries.push({ object, record });
    byId.set(id, object);
  });
  if (versions > 0) ctx.warn(`${versions} object(s) appeared more than once with the same id; the latest "modified" version of each was kept`);
  return { bundleId, entries, byId };
}
