import type { EntityRecord } from '../../../shared/domain/records';
import type { ImportCounts } from '../../../shared/domain/import';
import { isoUs } from '../../../shared/time';
import type { EntityTallies } from './run-entities';
import { entityId, normalizeEntityKey } from './entity-keys';
import { isNoise, type Found } from './event-entities';
import type { Group, Tally } from './group';
import type { ProblemLog } from './problem-log';
import type { WriterTallies } from './timeline-writer';
import type { SeenTally, TailResult } from './tail-types';

function addSightings(tally: Tally, first: number, last: number, count: number): void {
  if (first < tally.first) tally.first = first;
  if (last > tally.last) tally.last = last;
  tally.events += count;
}

/**
 * The "merge entity tallies" stage: the hosts, users and entities the runs'
 * events name (counted per run as the run worker writes it, run-entities.ts)
 * merged into each group's entities. A value already known as a record (an
 * alert named it) gets its figures on that record; the many only the events
 * name stay in the group's compact table (found-entities.ts). settle() puts
 * the first/last seen times and event counts on the records at the end.
 */
export class TallyMerge {
  /** Per type, raw value → its entity's tally: events repeat the same hosts and users millions of times. */
  private readonly identities = new Map<string, Map<string, Tally>>();
  constructor(
    private readonly counts: ImportCounts,
    /** The imported file's name: the source of the entity records made here. */
    private readonly source: string,
    private readonly problems: ProblemLog,
  ) {}

  /** A run's (or a preview's) tallies for group `g`. */
  take(g: Group, tallies: WriterTallies): void {
    for (const t of tallies.host) if (t.value && !isNoise(t.value)) this.sawValue(g, 'device', t.value, t.first, t.last, t.count);
    for (const t of tallies.user) if (t.value && !isNoise(t.value)) this.sawValue(g, 'user', t.value, t.first, t.last, t.count);
    this.sawFound(g, tallies.entities);
  }

  /** A host or user of a run: runs repeat the same few values, so each raw value is looked up once per type. */
  private sawValue(g: Group, type: Found[0], value: string, first: number, last: number, count: number): void {
    let byValue = this.identities.get(type);
    if (!byValue) this.identities.set(type, (byValue = new Map()));
    const seen = byValue.get(value);
    if (seen && seen.group === g) return addSightings(seen, first, last, count);
    const key = seen?.key ?? normalizeEntityKey(type, value);
    const tally = this.tallyOf(g, type, value, key, seen?.id ?? entityId(type, key), first, last);
    addSightings(tally, first, last, count);
    byValue.set(value, tally);
  }

  /**
   * The entities the run worker found in an import's events: each distinct
   * value once, with its key and id worked out and its figures final (they are
   * handed over after the last run, or for a preview).
   */
  private sawFound(g: Group, found: EntityTallies): void {
    const { text, ends, numbers } = found;
    for (let i = 0, n = numbers.length / 3; i < n; i++) {
      const id = text.slice(ends[4 * i + 2]!, ends[4 * i + 3]!);
      const first = numbers[3 * i]!;
      const last = numbers[3 * i + 1]!;
      const count = numbers[3 * i + 2]!;
      const seen = g.seen.get(id);
      if (seen) {
        addSightings(seen, first, last, count);
        continue;
      }
      // Another spelling of an entity only the events name (DC-01 and dc-01, an upper-case digest).
      if (g.found.merge(id, first, last, count)) continue;
      if (g.entities.has(id)) {
        // An entity the import already has a record of (an alert named it): a tally merges the figures.
        const from = i === 0 ? 0 : ends[4 * i - 1]!;
        const tally = this.tallyOf(
          g,
          text.slice(from, ends[4 * i]!) as Found[0],
          text.slice(ends[4 * i]!, ends[4 * i + 1]!),
          text.slice(ends[4 * i + 1]!, ends[4 * i + 2]!),
          id,
          first,
          last,
        );
        addSightings(tally, first, last, count);
        continue;
      }
      // The usual case, a hundred thousand times in a large import: kept in the worker's columns, no record made.
      this.counts.entities++;
      g.found.add(found, i, id);
    }
  }

  private newEntity(type: Found[0], value: string, key: string, id: string): EntityRecord {
    return {
      id,
      caseId: '',
      type,
      key,
      display: value.trim(),
      roles: [],
      verdict: null,
      remediationStatus: null,
      sources: [this.source],
      firstSeen: null,
      lastSeen: null,
      attributes: {},
    };
  }

  /** The group's tally of an entity, made (with its record, if the group has none yet) when it is first seen. */
  private tallyOf(g: Group, type: Found[0], value: string, key: string, id: string, first: number, last: number): Tally {
    // Another raw spelling of an entity already seen (WKS-1 and wks-1) shares its tally.
    const tally = g.seen.get(id);
    if (tally) return tally;
    let entity = g.entities.get(id);
    if (!entity) {
      this.counts.entities++;
      entity = this.newEntity(type, value, key, id);
      g.entities.set(id, entity);
    }
    const made: Tally = { key, id, group: g, entity, first, last, events: 0 };
    g.seen.set(id, made);
    return made;
  }

  /** The group's tallies as another thread hands them over (tail-import.ts): nothing settled. */
  seenOf(g: Group): SeenTally[] {
    return [...g.seen.values()].map((t) => [t.entity.type, t.entity.display, t.key, t.id, t.first, t.last, t.events]);
  }

  /** Takes in the entities another thread tallied for group `g`, after the group's own. */
  takeTail(g: Group, result: TailResult): void {
    for (const [type, value, key, id, first, last, events] of result.seen) {
      addSightings(this.tallyOf(g, type as Found[0], value, key, id, first, last), first, last, events);
    }
    this.sawFound(g, { text: result.found.text, ends: result.found.ends, numbers: result.found.seen });
  }

  /** Once the group's last tallies are in: its entity records get their first and last seen times and event counts. */
  settle(g: Group): void {
    for (const seen of g.seen.values()) {
      const entity = seen.entity;
      const first = isoUs(seen.first);
      const last = isoUs(seen.last);
      if (!entity.firstSeen || first < entity.firstSeen) entity.firstSeen = first;
      if (!entity.lastSeen || last > entity.lastSeen) entity.lastSeen = last;
      entity.attributes.events = ((entity.attributes.events as number | undefined) ?? 0) + seen.events;
    }
    g.seen.clear();
  }
}
