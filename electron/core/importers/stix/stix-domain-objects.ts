import type { EntityInput } from '../types';
import { attackIdOf, intelEntity } from '../intel/intel-entities';
import { str, type StixObject } from './stix-bundle';

/**
 * STIX Domain Objects that are context rather than observables (attack
 * patterns, malware, threat actors, tools, campaigns, infrastructure,
 * vulnerabilities, identities, locations, notes, opinions...), and custom or
 * unknown objects, become 'other' entities that keep the object's fields.
 * Attack patterns carry their ATT&CK id (external reference 'mitre-attack')
 * as `mitreId`, so techniques can be counted and shown.
 */

export const DOMAIN_TYPES = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

/** Types that only describe other objects or the document; nothing of their own goes into a case. */
export const META_TYPES = new Set(['marking-definition', 'extension-definition', 'language-content', 'relationship', 'bundle']);

interface ExternalReference {
  source_name?: unknown;
  external_id?: unknown;
  url?: unknown;
}

function externalIds(object: StixObject, sources: RegExp): string[] {
  const refs = Array.isArray(object.external_references) ? (object.external_references as ExternalReference[]) : [];
  return refs
    .filter((r) => r && sources.test(str(r.source_name)))
    .map((r) => str(r.external_id))
    .filter(Boolean);
}

/** The ATT&CK id of an object (mitre-attack, mitre-mobile-attack, mitre-ics-attack references). */
export function mitreIdOf(object: StixObject): string | null {
  const id = attackIdOf(externalIds(object, /^mitre-(?:[a-z]+-)?attack$/i), '');
  return id ?? (object.type === 'attack-pattern' ? attackIdOf([], str(object.name)) : null);
}

function nameOf(object: StixObject): string {
  const name = str(object.name).trim();
  if (name) return name;
  switch (object.type) {
    case 'note':
      return str(object.abstract) || str(object.content).slice(0, 80) || object.id;
    case 'opinion':
      return `${str(object.opinion) || 'opinion'}${object.explanation ? `: ${str(object.explanation).slice(0, 60)}` : ''}`;
    case 'location':
      return [str(object.city), str(object.region), str(object.country)].filter(Boolean).join(', ') || object.id;
    default:
      return object.id;
  }
}

function fields(object: StixObject): Record<string, unknown> {
  const skip = new Set(['type', 'id', 'spec_version', 'name', 'object_marking_refs', 'granular_markings']);
  const out: Record<string, unknown> = { stixId: object.id };
  for (const [k, v] of Object.entries(object)) {
    if (skip.has(k) || v === undefined || v === null) continue;
    // A report lists every object it covers; the count is what reads, the objects are the case itself.
    if (k === 'object_refs' && Array.isArray(v)) out.objectCount = v.length;
    else out[k] = v;
  }
  return out;
}

export function domainEntity(object: StixObject, extra: Record<string, unknown> = {}): EntityInput {
  const capec = externalIds(object, /^capec$/i);
  const cve = externalIds(object, /^cve$/i);
  return intelEntity({
    kind: object.type,
    name: nameOf(object),
    mitreId: mitreIdOf(object),
    attributes: { ...fields(object), ...(capec.length ? { capecIds: capec } : {}), ...(cve.length ? { cve } : {}), ...extra },
  });
}
