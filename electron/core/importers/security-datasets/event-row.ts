import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { parseIsoTime } from '../time';
import type { ChannelNames } from './channels';
import { dataObject } from '../data-object';
import { reportClockOffsets } from '../clock-offsets';

/**
 * One exported Windows event (Security, Sysmon, nxlog/Logstash-shipped) or Log
 * Analytics / advanced-hunting row → a timeline event. Every field is kept as
 * a string attribute (objects JSON-encoded), so nothing the source said is lost.
 */

export type Row = Record<string, unknown>;

/**
 * Where the event's time comes from, best first: the event's own clock (Sysmon's
 * `UtcTime`, UTC by definition; the log's `TimeCreated`/`SystemTime`; nxlog's
 * `EventTime`), and only when a row has none of them the time a pipeline
 * received it (`@timestamp`, `EventReceivedTime`), which otherwise stays an
 * attribute. Every field present is compared with the chosen one (clock-offsets.ts).
 */
const TIME_FIELDS = [
  'UtcTime',
  'TimeCreated',
  'SystemTime',
  'EventTime',
  'TimeGenerated',
  'Timestamp',
  'timestamp',
  '@timestamp',
  'EventReceivedTime',
  'TimeCollected',
] as const;
const TIME_DESCRIPTIONS: Record<string, string> = {
  '@timestamp': 'Event Recorded',
  EventReceivedTime: 'Event Received',
  TimeCollected: 'Event Collected',
  TimeCreated: 'Event Created',
  SystemTime: 'Event Created',
  TimeGenerated: 'Event Generated',
  Timestamp: 'Event Time',
  EventTime: 'Event Time',
  timestamp: 'Event Time',
  UtcTime: 'Event Time',
};
// `host` is not here: in Logstash-shipped data it names the collector, not the machine the event is about.
const HOST_FIELDS = ['Hostname', 'Computer', 'DeviceName', 'ComputerName', 'MachineName', 'SourceComputer'];
const USER_FIELDS = [
  'User',
  'SubjectUserName',
  'TargetUserName',
  'AccountName',
  'UserId',
  'UserPrincipalName',
  'AccountUpn',
  'InitiatingProcessAccountName',
  'UserName',
];
/** What a row without a Message is about, best first. */
const HEADLINE_FIELDS = ['ActivityDisplayName', 'OperationName', 'Operation', 'ActionType', 'Activity', 'Category', 'EventSourceName'];
const NOISE = new Set(['', '-', 'n/a', 'null', 'none']);

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function pick(row: Row, fields: readonly string[]): string {
  for (const f of fields) {
    const v = text(row[f]).trim();
    if (!NOISE.has(v.toLowerCase())) return v;
  }
  return '';
}

/** Some evtx-to-JSON converters write TimeCreated as {"SystemTime": "..."}. */
function timeText(v: unknown): string | number | null {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'SystemTime' in v) return timeText((v as Row).SystemTime);
  return null;
}

/** The row's time fields that hold a time, in TIME_FIELDS order (Sysmon's zoneless `UtcTime` marked as the UTC it is). */
function clockFields(row: Row): [string, string | number][] {
  const found: [string, string | number][] = [];
  for (const field of TIME_FIELDS) {
    const value = timeText(row[field]);
    if (value === null || value === '') continue;
    const utc = field === 'UtcTime' && typeof value === 'string' && parseIsoTime(value, 'UTC')?.zoneless;
    found.push([field, utc ? `${value}Z` : value]);
  }
  return found;
}

/** The others' texts, for comparing with the event's time. */
function otherTexts(clocks: [string, string | number][]): [string, string][] {
  return clocks.slice(1).filter((c): c is [string, string] => typeof c[1] === 'string');
}

/** A message for rows that carry none: what happened, then the row's first few fields. */
export function summarize(row: Row): string {
  const headline = pick(row, HEADLINE_FIELDS);
  const id = text(row.EventID);
  const parts: string[] = [];
  let length = 0;
  for (const key in row) {
    if (HEADLINE_FIELDS.includes(key) || key === 'EventID' || TIME_FIELDS.includes(key as never) || key === 'TenantId') continue;
    const v = text(row[key]).trim();
    if (NOISE.has(v.toLowerCase()) || v.length > 200) continue;
    const part = `${key}: ${v}`;
    if (length + part.length > 400) break;
    parts.push(part);
    length += part.length + 2;
  }
  const head = [headline, id && `EventID ${id}`].filter(Boolean).join(' ');
  return [head, parts.join('; ')].filter(Boolean).join(' — ');
}

export interface RowOptions {
  channels: ChannelNames;
  /** Source when the row names no channel or table: the archive entry or the file. */
  fallbackSource: string;
  /** Kept as the `zip_entry` attribute. */
  entry?: string;
}

export function windowsRowEvent(ctx: ImportContext, row: Row, position: Position, options: RowOptions): TimelineEvent | null {
  const clocks = clockFields(row);
  const [field, value] = clocks[0] ?? ['TimeCreated', null];
  const time = ctx.time(value, position, field);
  if (time === null) return null;
  if (clocks.length > 1) reportClockOffsets(ctx, field, time, otherTexts(clocks));
  const message = typeof row.Message === 'string' && row.Message.trim() ? row.Message : summarize(row);
  const channel = text(row.Channel).trim();
  const table = text(row.Type).trim();
  const attributes: Record<string, string> = dataObject();
  for (const key in row) {
    if (key === 'Message') continue;
    const v = text(row[key]);
    if (v !== '') attributes[key] = v;
  }
  if (options.entry) attributes.zip_entry = options.entry;
  return {
    time,
    timestampDesc: TIME_DESCRIPTIONS[field] ?? field,
    message,
    source: channel ? options.channels.canonical(channel) : table || options.fallbackSource,
    host: pick(row, HOST_FIELDS),
    user: pick(row, USER_FIELDS),
    tags: Array.isArray(row.tags) ? row.tags.map(text).filter(Boolean) : [],
    attributes,
  };
}
