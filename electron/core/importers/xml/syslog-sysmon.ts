import { eventFields, type EventFields } from '../evtx/event-fields';
import { account, eventMessage } from '../evtx/messages';
import { dataObject } from '../data-object';
import { readXml, XmlProblem } from './event-xml';
import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { isoUs } from '../../../../shared/time';
import { wholeHoursApart } from '../clock-offsets';

/**
 * Sysmon for Linux writes each event to syslog as the XML of a Windows event
 * (`… sysmon: <Event><System><Provider Name="Linux-Sysmon"/>…<EventData>
 * <Data Name="CommandLine">…</Data>…</EventData></Event>`). Read as it is, the
 * timeline would show "Syslog" and hide the command line in one long string;
 * read here, the event's own fields become the message, the attributes (where
 * entity extraction finds the image, addresses and hashes) and the user.
 */

export interface SysmonParts {
  /** When the event happened: Sysmon's UtcTime (UTC, written without a zone) or the System TimeCreated. */
  time: { field: 'UtcTime' | 'TimeCreated'; text: string } | null;
  message: string;
  /** The event's channel (Linux-Sysmon/Operational). */
  source: string;
  host: string;
  user: string;
  /** The System header and the EventData fields, by name. */
  attributes: Record<string, string>;
}

const START = '<Event';
const END = '</Event>';

/** The Sysmon event a syslog message carries; null when it carries none; XmlProblem when it carries one that is cut or damaged. */
export function sysmonInSyslog(message: string): EventFields | null {
  const start = message.indexOf(START);
  if (start === -1) return null;
  // "<Event" must be the element, not "<EventData" quoted in free text.
  const next = message.charCodeAt(start + START.length);
  if (next !== 62 && next !== 32 && next !== 47) return null;
  const end = message.lastIndexOf(END);
  if (end < start) throw new XmlProblem('the message holds an <Event> that is not closed (cut short by the syslog line limit?)');
  const fields = eventFields(readXml(message.slice(start, end + END.length)));
  return fields.hasEvent ? fields : null;
}

/** The timeline parts of a Sysmon event read from syslog. */
export function sysmonParts(fields: EventFields): SysmonParts {
  const s = fields.system;
  const data = new Map(fields.data);
  const attributes: Record<string, string> = dataObject();
  const put = (key: string, value: string) => {
    if (value !== '') attributes[key] = value;
  };
  put('Provider', s.provider);
  put('ProviderGuid', s.providerGuid);
  put('EventID', s.eventId);
  put('Version', s.version);
  put('Level', s.level);
  put('Task', s.task);
  put('Opcode', s.opcode);
  put('Keywords', s.keywords);
  put('TimeCreated', s.timeCreated);
  put('EventRecordID', s.eventRecordId);
  put('ProcessID', s.processId);
  put('ThreadID', s.threadId);
  put('Channel', s.channel);
  put('Computer', s.computer);
  put('UserID', s.userId);
  for (const [key, value] of fields.data) put(key in attributes ? `EventData.${key}` : key, value);
  const utc = data.get('UtcTime') ?? '';
  return {
    time: utc ? { field: 'UtcTime', text: /[zZ]$/.test(utc) ? utc : `${utc}Z` } : s.timeCreated ? { field: 'TimeCreated', text: s.timeCreated } : null,
    message: eventMessage(s.provider, s.channel, s.eventId, data),
    source: s.channel || s.provider || 'Sysmon',
    host: s.computer,
    user: account(data, 'User', ''),
    attributes,
  };
}

/** What carried the event's XML: named in warnings, and where the carrier's own time is kept. */
export interface SysmonCarrier {
  what: string;
  timeAttribute: string;
  timeLabel: string;
}

const SYSLOG: SysmonCarrier = { what: 'the syslog line', timeAttribute: 'syslogTime', timeLabel: 'syslog time' };

/**
 * `event` (a syslog line as another importer read it, its syslog text in
 * `text`) with the Sysmon event that text carries: the event's message, host,
 * user and own UtcTime (the syslog time, which another time field then
 * compares with, stays in `syslogTime`), and its fields beside the
 * event's attributes (as `Sysmon.<name>` where a name is taken). The event as
 * it was when the text carries no Sysmon event, or a damaged one (said in a warning).
 */
export function withSysmonFromSyslog(
  ctx: ImportContext,
  event: TimelineEvent,
  text: string,
  position: Position,
  carrier: SysmonCarrier = SYSLOG,
): TimelineEvent {
  if (!text.includes('<Event')) return event;
  let fields: EventFields | null;
  try {
    fields = sysmonInSyslog(text);
  } catch (err) {
    if (!(err instanceof XmlProblem)) throw err;
    ctx.warn(`${carrier.what} holds a Sysmon event that could not be read (${err.message}); it was imported as its text`, position);
    return event;
  }
  if (!fields) return event;
  const parts = sysmonParts(fields);
  const attributes: Record<string, string> = dataObject();
  Object.assign(attributes, event.attributes);
  for (const key in parts.attributes) attributes[key in attributes ? `Sysmon.${key}` : key] = parts.attributes[key]!;
  let time = event.time;
  let timestampDesc = event.timestampDesc;
  if (parts.time) {
    const own = ctx.time(parts.time.text, position, parts.time.field);
    if (own !== null) {
      attributes[carrier.timeAttribute] = isoUs(event.time);
      const hours = wholeHoursApart(own, event.time);
      if (hours !== null) ctx.clockOffset?.(parts.time.field, carrier.timeLabel, hours);
      time = own;
      timestampDesc = parts.time.field === 'UtcTime' ? 'Event Time' : 'Event Created';
    }
  }
  return {
    ...event,
    time,
    timestampDesc,
    message: parts.message,
    source: parts.source,
    host: parts.host || event.host,
    user: parts.user || event.user,
    attributes,
  };
}
