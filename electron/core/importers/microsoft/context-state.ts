import type { AlertInput, ImportContext } from '../types';
import { onceWarner, type Warn } from './enums';

/**
 * State that lives as long as one import, for row mappers that are called one
 * row at a time (also by other importers, e.g. the Security-Datasets one):
 * warnings said once, and which alerts and entities were already written, so
 * repeated Log Analytics rows (one per update of the same alert) and repeated
 * entities (the same host in a million events) are not written again.
 */
export interface ImportState {
  warn: Warn;
  /** Explicit entities already written: type + raw value. */
  entities: Set<string>;
  /** Alert id → what was written for it (for Log Analytics rows repeated per update). */
  alerts: Map<string, { generated: number; earliest: number | null; input: AlertInput }>;
  /** Incident id → newest version's modification time. */
  incidents: Map<string, number>;
}

const states = new WeakMap<ImportContext, ImportState>();

export function stateOf(ctx: ImportContext): ImportState {
  let s = states.get(ctx);
  if (!s) {
    s = { warn: onceWarner((m) => ctx.warn(m)), entities: new Set(), alerts: new Map(), incidents: new Map() };
    states.set(ctx, s);
  }
  return s;
}

/** Past this many, explicit entities from rows are left to the pipeline's own extraction from events. */
export const MAX_ROW_ENTITIES = 200_000;
