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

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * A technique id at the end of a name, as MISP writes cluster values
 * ('Spearphishing Attachment - T1193'): what /\s+-\s+(<ATT&CK id>)$/ finds,
 * read backwards from the end by hand. The pattern, tried from every space of
 * a name, ran over the whole run of spaces each time: quadratic in a name of
 * many spaces. Returns the id and where the " - " before it begins.
 */
function trailingAttackId(name: string): { id: string; start: number } | null {
  let i = name.length;
  while (i > 0 && !isSpace(name[i - 1])) i--;
  const id = name.slice(i);
  if (!ATTACK_ID.test(id)) return null;
  let j = i;
  while (j > 0 && isSpace(name[j - 1])) j--;
  if (j === i || name[j - 1] !== '-') return null;
  let start = j - 1;
  const dash = start;
  while (start > 0 && isSpace(name[start - 1])) start--;
  return start === dash ? null : { id, start };
}

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
  return trailingAttackId(name.trim())?.id ?? null;
}

/** 'Spearphishing Attachment - T1193' → 'Spearphishing Attachment'. */
export function nameWithoutAttackId(name: string): string {
  const trimmed = name.trim();
  const trailing = trailingAttackId(trimmed);
  return trailing ? trimmed.slice(0, trailing.start) : trimmed;
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
