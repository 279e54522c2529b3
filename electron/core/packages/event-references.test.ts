import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../cases/records/journal-record';
import { EVIDENCE_ADDED, EVIDENCE_LINKED } from '../cases/records/evidence-records';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import { eventReferences, referencedEventIds, remapEventIds } from './event-references';

const inRun = (ordinal: number, index: number) => ordinal * RUN_ID_STRIDE + index;
const links = (events: string[]) => ({ entities: ['ent-1'], alerts: [], events });
const added = (events: string[]) =>
  ({ type: EVIDENCE_ADDED, data: { item: { id: 'item-1', title: 'Disk', links: links(events) }, blobKey: null } }) as unknown as JournalRecord;
const linked = (add: string[], remove: string[]) =>
  ({ type: EVIDENCE_LINKED, data: { itemId: 'item-1', add: links(add), remove: links(remove) } }) as unknown as JournalRecord;
const eventsOf = (r: JournalRecord | null) => {
  const data = r!.data as { item?: { links: { events: string[] } }; add?: { events: string[] }; remove?: { events: string[] } };
  return data.item ? data.item.links.events : [data.add!.events, data.remove!.events];
};

describe('evidence links to timeline events in a package', () => {
  const kept = String(inRun(1, 5));
  const leftOut = String(inRun(2, 0));

  it('are counted among the event ids an import must follow', () => {
    expect([...referencedEventIds([added([kept, 'not-an-id']), linked([leftOut], [kept])])].sort()).toEqual([inRun(1, 5), inRun(2, 0)].sort());
  });

  it('leave out, on export, the events the package does not carry, and ids that are not event ids; entity links stay', () => {
    const keep = (id: number) => Math.floor(id / RUN_ID_STRIDE) !== 2;
    const item = eventReferences(added([kept, leftOut, 'not-an-id']), keep);
    expect(eventsOf(item)).toEqual([kept]);
    expect((item!.data as { item: { links: { entities: string[] } } }).item.links.entities).toEqual(['ent-1']);
    expect(eventsOf(eventReferences(linked([leftOut, kept], [leftOut]), keep))).toEqual([[kept], []]);
  });

  it('point, on import, at the same events as the new case numbers them, and drop a link to an event the package lacks', () => {
    const moved = (id: number) => (id === inRun(1, 5) ? inRun(0, 9) : undefined);
    expect(eventsOf(remapEventIds(added([kept, leftOut]), moved))).toEqual([String(inRun(0, 9))]);
    expect(eventsOf(remapEventIds(linked([kept], [leftOut, kept]), moved))).toEqual([[String(inRun(0, 9))], [String(inRun(0, 9))]]);
  });
});
