import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { reportClockOffsets } from '../clock-offsets';
import { sysmonInSyslog, sysmonParts } from '../xml/syslog-sysmon';
import { XmlProblem } from '../xml/event-xml';
import { rowAttributes } from './row-fields';
import { pick, str, type Json } from './values';

/**
 * Log Analytics `Syslog` rows whose SyslogMessage carries a Sysmon for Linux
 * event (its XML): the event's own fields become the message, attributes,
 * host and user, its own UtcTime the time (TimeGenerated, when the workspace
 * got it, stays an attribute). The row's columns are kept; a Sysmon field whose
 * name a column already has is kept as `Sysmon.<name>`. Returns false when the
 * row carries no such event (the caller maps it as any other row); a damaged
 * one is said in a warning naming the row and mapped as any other row.
 */
export function mapSyslogSysmonRow(ctx: ImportContext, r: Json, position: Position): boolean {
  const text = str(r.SyslogMessage);
  if (!text.includes('<Event')) return false;
  let fields;
  try {
    fields = sysmonInSyslog(text);
  } catch (err) {
    if (!(err instanceof XmlProblem)) throw err;
    ctx.warn(`SyslogMessage holds a Sysmon event that could not be read (${err.message}); the row was imported as its text`, position);
    return false;
  }
  if (!fields) return false;
  const parts = sysmonParts(fields);
  const field = parts.time?.field ?? 'TimeGenerated';
  const time = ctx.time(parts.time ? parts.time.text : (r.TimeGenerated as string | number | undefined), position, field);
  if (time === null) return true;
  const others: [string, string][] = [];
  for (const other of ['TimeGenerated', 'EventTime']) if (typeof r[other] === 'string') others.push([other, r[other]]);
  reportClockOffsets(ctx, field, time, others);
  const attributes = rowAttributes(r, new Set());
  for (const key in parts.attributes) attributes[key in attributes ? `Sysmon.${key}` : key] = parts.attributes[key]!;
  ctx.event({
    time,
    timestampDesc: field === 'UtcTime' ? 'Event Time' : field === 'TimeCreated' ? 'Event Created' : 'Event Recorded',
    message: parts.message,
    source: parts.source,
    host: parts.host || pick(r, 'Computer', 'HostName'),
    user: parts.user,
    tags: [],
    attributes,
  });
  return true;
}
