import type { ImportContext } from '../types';
import type { Position } from '../problems';
import type { EntrySource } from './entry-source';

/**
 * The import's context as one archive entry's importer sees it: the entry's
 * bytes (in memory, or spooled: entry-source.ts) in place of the file's, problems and warnings named
 * with the entry, and everything it writes (events, entities, alerts,
 * incidents) going to the import itself. Progress is the archive's: the
 * archive counts the bytes it reads.
 */
export function entryContext(ctx: ImportContext, entry: string, source: EntrySource): ImportContext {
  const at = (position: Position): Position => (position.entry ? { ...position, entry: `${entry}/${position.entry}` } : { ...position, entry });
  return {
    file: entry,
    size: source.size,
    timezone: ctx.timezone,
    mapping: null,
    open: (range) => source.open(range),
    readAll: () => source.readAll(),
    readAt: (offset, length) => source.readAt(offset, length),
    bytes: () => undefined,
    columns: (names) => ctx.columns(names),
    incident: (incident, place) => ctx.incident(incident, place && { ...place, position: at(place.position) }),
    alert: (alert, place) => ctx.alert(alert, place && { ...place, position: at(place.position) }),
    entity: (entity) => ctx.entity(entity),
    indicator: (indicator, place) => ctx.indicator(indicator, place && { ...place, position: at(place.position) }),
    action: (action, place) => ctx.action(action, place && { ...place, position: at(place.position) }),
    event: (event) => ctx.event(event),
    eventRow: (row) => ctx.eventRow(row),
    invalid: (record) => ctx.invalid({ ...record, position: at(record.position) }),
    invalidUtf8: (count, firstOffset, inner) => ctx.invalidUtf8?.(count, firstOffset, inner ? `${entry}/${inner}` : entry),
    warn: (message, position) => ctx.warn(`${entry}: ${message}`, position && at(position)),
    clockOffset: (field, other, hours) => ctx.clockOffset?.(field, other, hours),
    time: (text, position, field) => ctx.time(text, at(position), field),
    checkpoint: () => ctx.checkpoint(),
  };
}
