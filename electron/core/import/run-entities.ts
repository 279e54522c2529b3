import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { RawRun } from '../timeline/raw-run';
import { entitiesOfEvent } from './event-entities';

/** Entities found in a run's messages and attributes: [type, value, first µs, last µs, count] per distinct value. */
export type EntityTallies = [string, string, number, number, number][];

/**
 * Scans a run's events for entities (IPs, URLs, hashes, paths... in messages and
 * named attributes), tallied per distinct value. It reads the run's own bytes,
 * so it can run in the run worker, beside the parsing of the next run.
 */
export function scanRunEntities(raw: RawRun): EntityTallies {
  // Per type, value → tally: no key strings are built per hit.
  const byType = new Map<string, Map<string, [string, string, number, number, number]>>();
  const msg = Buffer.from(raw.msgBytes.buffer, raw.msgBytes.byteOffset, raw.msgBytes.byteLength);
  const attr = Buffer.from(raw.attrBytes.buffer, raw.attrBytes.byteOffset, raw.attrBytes.byteLength);
  const event = { message: '', attributes: {} } as TimelineEvent;
  const found: string[] = [];
  const noAttributes = {};
  for (let i = 0; i < raw.n; i++) {
    event.message = msg.toString('utf8', raw.msgOffsets[i]!, raw.msgOffsets[i + 1]!);
    const a0 = raw.attrOffsets[i]!;
    const a1 = raw.attrOffsets[i + 1]!;
    event.attributes = a1 > a0 ? (JSON.parse(attr.toString('utf8', a0, a1)) as Record<string, string>) : noAttributes;
    found.length = 0;
    entitiesOfEvent(event, found);
    const time = raw.time[i]!;
    for (let k = 0; k < found.length; k += 2) {
      const type = found[k]!;
      const value = found[k + 1]!;
      let tallies = byType.get(type);
      if (!tallies) byType.set(type, (tallies = new Map()));
      const tally = tallies.get(value);
      if (tally) {
        if (time < tally[2]) tally[2] = time;
        if (time > tally[3]) tally[3] = time;
        tally[4]++;
      } else tallies.set(value, [type, value, time, time, 1]);
    }
  }
  const out: EntityTallies = [];
  for (const tallies of byType.values()) for (const tally of tallies.values()) out.push(tally);
  return out;
}
