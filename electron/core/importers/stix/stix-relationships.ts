import { str, type StixObject } from './stix-bundle';
import { connectionText } from './stix-observables';

/**
 * Relationships are not records of their own in a case: each one is kept on
 * both ends, as an attribute of the entity or indicator the related object
 * became ("indicator 'X' indicates malware 'Poison Ivy'"), with the other end
 * named so it reads without the bundle.
 */

export interface Related {
  relationship: string;
  /** 'out': this object is the source; 'in': it is the target. */
  direction: 'out' | 'in';
  ref: string;
  /** How the other end reads: "malware 'Poison Ivy'", "ipv4-addr 198.51.100.3". */
  other: string;
  description?: string;
}

const MAX_LISTED = 200;

const SCO_VALUE_FIELDS = ['value', 'name', 'key', 'path', 'account_login', 'user_id', 'number', 'command_line', 'subject', 'serial_number'];

/** A short human name of any STIX object (`resolve` lets a connection name its ends). */
export function labelOf(object: StixObject | undefined, fallbackId = '', resolve?: (ref: unknown) => StixObject | undefined): string {
  if (!object) return fallbackId;
  if (object.type === 'network-traffic') return `network-traffic ${connectionText(object, resolve ?? (() => undefined))}`;
  const name = str(object.name);
  if (name) return `${object.type} '${name}'`;
  for (const field of SCO_VALUE_FIELDS) {
    const v = object[field];
    if (typeof v === 'string' || typeof v === 'number') return `${object.type} ${v}`;
  }
  const hashes = object.hashes as Record<string, unknown> | undefined;
  const hash = hashes && Object.values(hashes).find((h) => typeof h === 'string');
  if (typeof hash === 'string') return `${object.type} ${hash}`;
  return object.id;
}

export class RelationshipIndex {
  private readonly byObject = new Map<string, Related[]>();
  count = 0;

  constructor(objects: Iterable<StixObject>, byId: Map<string, StixObject>) {
    for (const r of objects) {
      if (r.type !== 'relationship') continue;
      const source = str(r.source_ref);
      const target = str(r.target_ref);
      if (!source || !target) continue;
      this.count++;
      const relationship = str(r.relationship_type) || 'related-to';
      const description = str(r.description) || undefined;
      this.add(source, { relationship, direction: 'out', ref: target, other: labelOf(byId.get(target), target), description });
      this.add(target, { relationship, direction: 'in', ref: source, other: labelOf(byId.get(source), source), description });
    }
  }

  private add(id: string, related: Related): void {
    let list = this.byObject.get(id);
    if (!list) this.byObject.set(id, (list = []));
    if (!related.description) delete related.description;
    list.push(related);
  }

  of(id: string): Related[] {
    return this.byObject.get(id) ?? [];
  }

  /**
   * `{ relationships: [...] }` when there are any, for spreading into attributes.
   * A hub (a malware family every indicator points at) keeps the first
   * MAX_LISTED and the total, so one entity does not carry thousands of rows.
   */
  attributesOf(id: string): { relationships?: Related[]; relationshipsTotal?: number } {
    const list = this.of(id);
    if (list.length === 0) return {};
    return list.length > MAX_LISTED ? { relationships: list.slice(0, MAX_LISTED), relationshipsTotal: list.length } : { relationships: list };
  }
}
