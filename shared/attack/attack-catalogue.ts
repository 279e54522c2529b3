import catalogue from './enterprise-attack.json';

/**
 * The ATT&CK Enterprise technique catalogue Casebook ships: every live
 * technique and sub-technique (id, name, tactics), generated from MITRE's
 * public STIX data by build/attack-catalogue.mjs. attackVersion and source say
 * which release; regenerate the JSON to move to a newer one.
 */
export interface AttackTactic {
  /** TA0002 */
  id: string;
  /** Execution */
  name: string;
  /** execution: the kill-chain phase name techniques refer to. */
  shortname: string;
}

interface CatalogueFile {
  attackVersion: string;
  source: string;
  tactics: AttackTactic[];
  techniques: Record<string, { name: string; tactics: string[] }>;
}

const data = catalogue as CatalogueFile;
const techniques = new Map(Object.entries(data.techniques));
const tactics = new Map(data.tactics.map((t) => [t.shortname, t]));

export const ATTACK_VERSION = data.attackVersion;
export const ATTACK_SOURCE = data.source;
/** The enterprise tactics in the matrix's order. */
export const ATTACK_TACTICS: readonly AttackTactic[] = data.tactics;

/** T1059.001 as the catalogue writes it: upper-case T, trimmed; null when it is not of that form. */
export function normalizeTechniqueId(id: string): string | null {
  const trimmed = id.trim().toUpperCase();
  return /^T\d{4}(\.\d{3})?$/.test(trimmed) ? trimmed : null;
}

/** The technique's name ("PowerShell" for T1059.001), or null when the catalogue has no such live technique. */
export function techniqueName(id: string): string | null {
  const key = normalizeTechniqueId(id);
  return key ? (techniques.get(key)?.name ?? null) : null;
}

/**
 * "Command and Scripting Interpreter: PowerShell" for T1059.001 (ATT&CK's own
 * way of naming a sub-technique), the name alone for a technique, null if unknown.
 */
export function techniqueFullName(id: string): string | null {
  const key = normalizeTechniqueId(id);
  const name = key ? techniqueName(key) : null;
  if (!key || !name) return null;
  const parent = key.includes('.') ? techniqueName(key.slice(0, 5)) : null;
  return parent ? `${parent}: ${name}` : name;
}

/** The tactics a technique serves, in matrix order (empty when unknown). */
export function tacticsOf(id: string): AttackTactic[] {
  const key = normalizeTechniqueId(id);
  const entry = key ? techniques.get(key) : undefined;
  return (entry?.tactics ?? []).map((s) => tactics.get(s)!).filter(Boolean);
}

/** How many techniques and sub-techniques the catalogue holds. */
export function techniqueCount(): number {
  return techniques.size;
}
