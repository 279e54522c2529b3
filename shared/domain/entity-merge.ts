import type { EntityRecord } from './records';

/** What a new sighting of an entity says about it: an importer's entity, or the same entity from a later import. */
export interface EntitySighting {
  roles?: readonly string[];
  /** The files or products that saw it. */
  sources?: readonly string[];
  verdict?: string | null;
  remediationStatus?: string | null;
  firstSeen?: string | null;
  lastSeen?: string | null;
  attributes?: Record<string, unknown>;
}

/**
 * Folds a sighting into what is known of an entity, in place: roles and
 * sources gathered without repeats, the latest verdict and remediation that
 * were said, the earliest first and latest last seen (ISO strings compare in
 * time order), attributes overwritten by the newer ones except `events`, a
 * count, which adds up. The one rule for an import merging its own entities
 * and for a case merging its imports.
 */
export function mergeEntity(into: EntityRecord, from: EntitySighting): void {
  for (const role of from.roles ?? []) if (!into.roles.includes(role)) into.roles.push(role);
  for (const source of from.sources ?? []) if (!into.sources.includes(source)) into.sources.push(source);
  into.verdict = from.verdict ?? into.verdict;
  into.remediationStatus = from.remediationStatus ?? into.remediationStatus;
  if (from.firstSeen && (!into.firstSeen || from.firstSeen < into.firstSeen)) into.firstSeen = from.firstSeen;
  if (from.lastSeen && (!into.lastSeen || from.lastSeen > into.lastSeen)) into.lastSeen = from.lastSeen;
  if (!from.attributes) return;
  const known = into.attributes.events;
  // defineProperty, not assignment: a "__proto__" key from a log is a field like any other.
  for (const key of Object.keys(from.attributes)) {
    Object.defineProperty(into.attributes, key, { value: from.attributes[key], enumerable: true, writable: true, configurable: true });
  }
  const added = from.attributes.events;
  if (typeof known === 'number' && typeof added === 'number') into.attributes.events = known + added;
}
