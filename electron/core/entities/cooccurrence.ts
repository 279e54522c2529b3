import type { CooccurringEntity } from '../../../shared/domain/entities';
import type { AlertRecord } from '../../../shared/domain/records';
import type { StoredEvent } from '../../../shared/domain/timeline';
import type { EntityIndex } from './entity-index';

/** Events of an entity read to find the entities seen with it: the latest ones, enough to rank, few enough to stay fast. */
export const COOCCURRENCE_SAMPLE = 500;
const LISTED = 25;
const SEPARATORS = /[\s"'<>()[\]{},;|=]+/;

/** The words of an event that may be entities: its host and user whole, and its message and attribute values split at spaces and punctuation. */
function tokensOf(event: StoredEvent): Set<string> {
  const tokens = new Set<string>();
  const add = (text: string) => {
    if (!text) return;
    const lower = text.toLowerCase();
    tokens.add(lower);
    for (const word of lower.split(SEPARATORS)) if (word) tokens.add(word.replace(/[.:]+$/, ''));
  };
  add(event.host);
  add(event.user);
  add(event.message);
  for (const value of Object.values(event.attributes)) add(value);
  return tokens;
}

/**
 * The entities seen with entity `slot`: in the same events (of `events`, a
 * sample of its own) and named by the same alerts, ranked by how often.
 */
export function cooccurring(index: EntityIndex, slot: number, events: readonly StoredEvent[], alerts: Iterable<AlertRecord>): CooccurringEntity[] {
  const together = new Map<number, number>();
  for (const event of events) {
    const seen = new Set<number>();
    for (const token of tokensOf(event)) {
      const s = index.slotOfToken(token);
      if (s >= 0 && s !== slot) seen.add(s);
    }
    for (const s of seen) together.set(s, (together.get(s) ?? 0) + 1);
  }
  const id = index.c.ids[slot]!;
  const shared = new Map<number, number>();
  for (const alert of alerts) {
    if (!alert.entityIds.includes(id)) continue;
    for (const other of new Set(alert.entityIds)) {
      const s = index.slotOf(other);
      if (s !== undefined && s !== slot) shared.set(s, (shared.get(s) ?? 0) + 1);
    }
  }
  const slots = new Set([...together.keys(), ...shared.keys()]);
  return [...slots]
    .map((s) => ({
      id: index.c.ids[s]!,
      type: index.c.typeOf(s),
      display: index.c.display[s]!,
      together: together.get(s) ?? 0,
      sharedAlerts: shared.get(s) ?? 0,
    }))
    .sort((a, b) => b.together + b.sharedAlerts - (a.together + a.sharedAlerts) || a.display.localeCompare(b.display))
    .slice(0, LISTED);
}
