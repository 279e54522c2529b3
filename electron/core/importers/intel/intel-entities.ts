import type { EntityInput } from '../types';

/**
 * Threat-intel objects that are not observables (attack patterns, malware,
 * threat actors, tools, campaigns, galaxy clusters...) become entities of type
 * 'other' so a case can show and count them. Their identity is
 * "<kind>:<name>", or "attack-pattern:<ATT&CK id>" for techniques, so the same
 * technique from a STIX bundle and a MISP galaxy is one entity.
 */

/** MITRE ATT&CK ids: techniques (T1059, T1059.001), tactics, groups, software, mitigations, campaigns, data sources. */
export const ATTACK_ID = /^(?:T\d{4}(?:\.\d{3})?|TA\d{4}|G\d{4}|S\d{4}|M\d{4}|C\d{4}|DS\d{4})$/;

/** A technique id at the end of a name, as MISP writes cluster values: 'Spearphishing Attachment - T1193'. */
const TRAILING_ID = /\s+-\s+((?:T\d{4}(?:\.\d{3})?|TA\d{4}|G\d{4}|S\d{4}|M\d{4}|C\d{4}|DS\d{4}))$/;

export interface IntelObject {
  /** 'attack-pattern', 'malware', 'threat-actor', 'tool', or a MISP galaxy type. */
  kind: string;
  name: string;
  mitreId?: string | null;
  attributes?: Record<string, unknown>;
}

/** The ATT&CK id among external ids (first match wins), else one written at the end of the name. */
export function attackIdOf(externalIds: readonly unknown[], name: string): string | null {
  for (const id of externalIds) if (typeof id === 'string' && ATTACK_ID.test(id.trim())) return id.trim();
  return TRAILING_ID.exec(name.trim())?.[1] ?? null;
}

/** 'Spearphishing Attachment - T1193' → 'Spearphishing Attachment'. */
export function nameWithoutAttackId(name: string): string {
  return name.trim().replace(TRAILING_ID, '');
}

export function intelEntity(object: IntelObject): EntityInput {
  const name = object.name.trim() || '(unnamed)';
  const mitreId = object.mitreId ?? null;
  const identity = object.kind === 'attack-pattern' && mitreId ? mitreId : name;
  return {
    type: 'other',
    value: `${object.kind}:${identity}`,
    display: mitreId && !name.includes(mitreId) ? `${name} (${mitreId})` : name,
    attributes: { ...object.attributes, kind: object.kind, name, ...(mitreId ? { mitreId } : {}) },
  };
}
