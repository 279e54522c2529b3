import { eventFields, type EventFields } from '../evtx/event-fields';
import { account, eventMessage } from '../evtx/messages';
import { dataObject } from '../data-object';
import { readXml, XmlProblem } from './event-xml';

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
