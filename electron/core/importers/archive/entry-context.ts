import type { ByteRange, ImportContext } from '../types';
import type { Position } from '../problems';

/**
 * The import's context as one archive entry's importer sees it: the entry's
 * bytes (held in memory) in place of the file's, problems and warnings named
 * with the entry, and everything it writes (events, entities, alerts,
 * incidents) going to the import itself. Progress is the archive's: the
 * archive counts the bytes it reads.
 */
export function entryContext(ctx: ImportContext, entry: string, data: Buffer): ImportContext {
  const at = (position: Position): Position => (position.entry ? { ...position, entry: `${entry}/${position.entry}` } : { ...position, entry });
  const slice = (range?: ByteRange) => data.subarray(range?.start ?? 0, Math.min(range?.end ?? data.length, data.length));
  return {
    file: entry,
    size: data.length,
    timezone: ctx.timezone,
    mapping: null,
    open(range) {
      const bytes = slice(range);
      return (async function* () {
        for (let i = 0; i < bytes.length; i += 1024 * 1024) yield bytes.subarray(i, Math.min(i + 1024 * 1024, bytes.length));
      })();
    },
    readAll: async () => data,
    readAt: async (offset, length) => data.subarray(offset, offset + length),
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
