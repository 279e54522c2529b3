import { CasebookError } from '../../../shared/ipc/errors';
import { INDICATORS_MATCHED } from '../cases/records/indicator-records';
import type { JournalRecord } from '../cases/records/journal-record';
import { EVENT_ANNOTATED, NOTE_WRITTEN } from '../cases/records/story-records';
import { EVIDENCE_ADDED, EVIDENCE_LINKED } from '../cases/records/evidence-records';

/**
 * The records that name timeline events by id (run ordinal × 2^20 + index in
 * the run): an indicator match in an event, a star, flag or tag on an event,
 * a note on an event, an evidence item's links to events (as decimal strings,
 * when the item is added and in later link changes). A package carries events, not ids: export leaves out
 * the records about events it does not carry, and import points the rest at
 * the events as the new case stores them.
 */

/** An evidence link list's event ids passed through `to` (a decimal id, or null to leave it out); ids that are not numbers go. */
function linkEvents(ids: readonly string[], to: (id: number) => number | null): string[] {
  return ids.flatMap((raw) => {
    const id = /^\d{1,16}$/.test(raw) ? to(Number(raw)) : null;
    return id === null ? [] : [String(id)];
  });
}

/** An evidence record with its event links passed through `to`; other records as they are. */
function evidenceEventLinks(r: JournalRecord, to: (id: number) => number | null): JournalRecord {
  if (r.type === EVIDENCE_ADDED) {
    const links = r.data.item.links;
    return { ...r, data: { ...r.data, item: { ...r.data.item, links: { ...links, events: linkEvents(links.events, to) } } } };
  }
  if (r.type === EVIDENCE_LINKED) {
    const { add, remove } = r.data;
    return { ...r, data: { ...r.data, add: { ...add, events: linkEvents(add.events, to) }, remove: { ...remove, events: linkEvents(remove.events, to) } } };
  }
  return r;
}

/** The record with its references to events `keep` refuses left out (null: the whole record goes). */
export function eventReferences(r: JournalRecord, keep: (eventId: number, time: number | null) => boolean): JournalRecord | null {
  if (r.type === INDICATORS_MATCHED) {
    const matches = r.data.matches.filter((m) => m.eventId === null || keep(m.eventId, m.time));
    return matches.length === r.data.matches.length ? r : { ...r, data: { ...r.data, matches } };
  }
  if (r.type === EVIDENCE_ADDED || r.type === EVIDENCE_LINKED) return evidenceEventLinks(r, (id) => (keep(id, null) ? id : null));
  if (r.type === EVENT_ANNOTATED) return keep(r.data.eventId, r.data.event.time) ? r : null;
  if (r.type === NOTE_WRITTEN && r.data.target.kind === 'event') return keep(r.data.target.id, r.data.event?.time ?? null) ? r : null;
  return r;
}

/**
 * The record with every event id replaced by the id of the same event in the new case. A match on an event
 * the map does not know is dropped (the run summary keeps its counts); a star or a note on one is refused,
 * naming the record, since it would point at another event.
 */
export function remapEventIds<T extends { type: string; data: unknown }>(r: T, newId: (oldId: number) => number | undefined): T {
  const entry = r as unknown as JournalRecord;
  const where = (id: number) =>
    new CasebookError('corrupt', `the package's ${entry.type} record names event ${id}, which its events do not hold; nothing was imported`);
  if (entry.type === INDICATORS_MATCHED) {
    const matches = entry.data.matches.flatMap((m) => {
      if (m.eventId === null) return [m];
      const id = newId(m.eventId);
      return id === undefined ? [] : [{ ...m, eventId: id }];
    });
    return { ...r, data: { ...entry.data, matches } };
  }
  // An evidence link to an event the package does not hold is left out, as a match on one is.
  if (entry.type === EVIDENCE_ADDED || entry.type === EVIDENCE_LINKED) return evidenceEventLinks(entry, (id) => newId(id) ?? null) as unknown as T;
  if (entry.type === EVENT_ANNOTATED) {
    const id = newId(entry.data.eventId);
    if (id === undefined) throw where(entry.data.eventId);
    return { ...r, data: { ...entry.data, eventId: id } };
  }
  if (entry.type === NOTE_WRITTEN && entry.data.target.kind === 'event') {
    const id = newId(entry.data.target.id);
    if (id === undefined) throw where(entry.data.target.id);
    return { ...r, data: { ...entry.data, target: { kind: 'event', id } } };
  }
  return r;
}

/** The event ids a package's records name, so an import keeps track of where those events land. */
export function referencedEventIds(records: readonly { type: string; data: unknown }[]): Set<number> {
  const ids = new Set<number>();
  for (const raw of records) {
    const r = raw as JournalRecord;
    if (r.type === INDICATORS_MATCHED) for (const m of r.data.matches) if (m.eventId !== null) ids.add(m.eventId);
    if (r.type === EVENT_ANNOTATED) ids.add(r.data.eventId);
    if (r.type === NOTE_WRITTEN && r.data.target.kind === 'event') ids.add(r.data.target.id);
    if (r.type === EVIDENCE_ADDED || r.type === EVIDENCE_LINKED) evidenceEventLinks(r, (id) => (ids.add(id), id));
  }
  return ids;
}
