import type { TimelineEvent } from '../../../shared/domain/timeline';
import { isoUs } from '../../../shared/time';

/**
 * Events as Timesketch JSONL: `message`, `datetime` (ISO 8601 with
 * microseconds), `timestamp` (µs since the epoch), `timestamp_desc`, `tag`
 * and every attribute as a field of its own, as Timesketch imports them.
 * What Timesketch has no field for is kept so the event comes back exactly:
 * `casebook_source`, and the host and user as `hostname` and `username`
 * (the names Timesketch's own importers use). An attribute whose name is one
 * of these is written as `casebook_attr.<name>`.
 */

export const RESERVED = new Set(['message', 'datetime', 'timestamp', 'timestamp_desc', 'tag', 'hostname', 'username', 'casebook_source']);
export const ATTR_PREFIX = 'casebook_attr.';

export function eventLine(e: TimelineEvent): string {
  const line: Record<string, unknown> = {
    message: e.message,
    datetime: isoUs(e.time),
    timestamp: e.time,
    timestamp_desc: e.timestampDesc,
  };
  if (e.tags.length) line.tag = e.tags;
  if (e.host) line.hostname = e.host;
  if (e.user) line.username = e.user;
  line.casebook_source = e.source;
  for (const k in e.attributes) line[RESERVED.has(k) || k.startsWith(ATTR_PREFIX) ? ATTR_PREFIX + k : k] = e.attributes[k];
  return `${JSON.stringify(line)}\n`;
}

const str = (v: unknown, field: string, where: string): string => {
  if (typeof v !== 'string') throw new Error(`${where}: "${field}" is not a string`);
  return v;
};

/** An event line written by eventLine, back to the event; throws naming the line and field. */
export function parseEventLine(text: string, where: string): TimelineEvent {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${where}: not JSON`);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`${where}: not a JSON object`);
  if (typeof o.timestamp !== 'number' || !Number.isFinite(o.timestamp)) throw new Error(`${where}: "timestamp" is not a number of microseconds`);
  const tags = o.tag === undefined ? [] : o.tag;
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new Error(`${where}: "tag" is not a list of strings`);
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const k of Object.keys(o)) {
    if (RESERVED.has(k)) continue;
    attributes[k.startsWith(ATTR_PREFIX) ? k.slice(ATTR_PREFIX.length) : k] = str(o[k], k, where);
  }
  return {
    time: o.timestamp,
    timestampDesc: str(o.timestamp_desc, 'timestamp_desc', where),
    message: str(o.message, 'message', where),
    source: str(o.casebook_source ?? '', 'casebook_source', where),
    host: str(o.hostname ?? '', 'hostname', where),
    user: str(o.username ?? '', 'username', where),
    tags,
    attributes: { ...attributes },
  };
}
