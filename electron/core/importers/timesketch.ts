import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { ImportContext, Importer, Sample } from './types';
import { readCsv, type CsvRecord } from './csv-reader';
import { eachJsonLine } from './text-lines';
import { ImportProblem, type Position } from './problems';
import { parseTags } from './tags';
import { AttributesJsonWriter, type EventRow } from '../timeline/event-row';
import { dataObject } from './data-object';

/**
 * Timesketch's import format, CSV or JSONL: `message`, `datetime` (ISO 8601),
 * `timestamp_desc`, optionally `timestamp` (epoch; seconds, ms or µs by
 * magnitude) and `tag`; every other column is kept as an attribute. `datetime`
 * wins over `timestamp` when both are there (Timesketch's own rule); a file
 * without a `message` column gets messages built from its other fields, with a
 * warning, rather than being refused.
 */

const KNOWN = new Set(['message', 'datetime', 'timestamp', 'timestamp_desc', 'tag', '__ts_timeline_id']);
const HOST_FIELDS = ['hostname', 'computer_name', 'host', 'Computer'];
const USER_FIELDS = ['username', 'user', 'user_name', 'user_sid'];

function pick(row: Record<string, unknown>, fields: readonly string[]): string {
  for (const f of fields) {
    const v = row[f];
    if (v !== undefined && v !== null && v !== '' && v !== '-') return String(v);
  }
  return '';
}

function synthesizedMessage(row: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key in row) {
    if (KNOWN.has(key)) continue;
    const v = row[key];
    if (v !== undefined && v !== null && v !== '') parts.push(`${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.join('; ');
}

/** One Timesketch row → event; null (with an invalid record noted) when its time is unusable. */
export function timesketchEvent(ctx: ImportContext, row: Record<string, unknown>, position: Position, hasMessage: boolean): TimelineEvent | null {
  const datetime = row.datetime;
  const useDatetime = datetime !== undefined && datetime !== null && datetime !== '';
  const time = ctx.time(
    (useDatetime ? datetime : row.timestamp) as string | number | null | undefined,
    position,
    useDatetime ? 'datetime' : row.timestamp !== undefined ? 'timestamp' : 'datetime',
  );
  if (time === null) return null;
  const attributes: Record<string, string> = dataObject();
  for (const key in row) {
    if (KNOWN.has(key)) continue;
    const v = row[key];
    if (v === undefined || v === null || v === '') continue;
    attributes[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return {
    time,
    timestampDesc: row.timestamp_desc === undefined || row.timestamp_desc === null ? '' : String(row.timestamp_desc),
    message: hasMessage ? (typeof row.message === 'string' ? row.message : JSON.stringify(row.message ?? '')) : synthesizedMessage(row),
    source: ctx.file,
    host: pick(row, HOST_FIELDS),
    user: pick(row, USER_FIELDS),
    tags: parseTags(row.tag),
    attributes,
  };
}

/** Where each role's column is in a Timesketch CSV, worked out once per file (-1: absent). */
interface CsvLayout {
  message: number;
  datetime: number;
  timestamp: number;
  desc: number;
  tag: number;
  host: number[];
  user: number[];
  attributes: AttributesJsonWriter;
}

function csvLayout(header: string[]): CsvLayout {
  const at = (name: string) => header.indexOf(name);
  return {
    message: at('message'),
    datetime: at('datetime'),
    timestamp: at('timestamp'),
    desc: at('timestamp_desc'),
    tag: at('tag'),
    host: HOST_FIELDS.map(at).filter((i) => i >= 0),
    user: USER_FIELDS.map(at).filter((i) => i >= 0),
    attributes: new AttributesJsonWriter(header.map((name, i) => [name, i] as const).filter(([name]) => !KNOWN.has(name))),
  };
}

function firstOf(fields: string[], indexes: number[]): string {
  for (const i of indexes) {
    const v = fields[i]!;
    if (v !== '' && v !== '-') return v;
  }
  return '';
}

/** Tag cells repeat ('suspicious', '[]'): each distinct one is parsed once per file. */
class TagsJson {
  private readonly cache = new Map<string, string>();
  of(cell: string): string {
    if (cell === '') return '';
    let json = this.cache.get(cell);
    if (json === undefined) {
      const tags = parseTags(cell);
      json = tags.length ? JSON.stringify(tags) : '';
      if (this.cache.size < 10_000) this.cache.set(cell, json);
    }
    return json;
  }
}

/** timesketchEvent for a CSV row, straight from its fields into the stored form (a million rows make every object count). */
function csvRow(ctx: ImportContext, layout: CsvLayout, tags: TagsJson, record: CsvRecord): EventRow | null {
  const { fields, line } = record;
  const datetime = layout.datetime >= 0 ? fields[layout.datetime]! : '';
  const useDatetime = datetime !== '' || layout.timestamp < 0;
  const time = ctx.time(useDatetime ? datetime : fields[layout.timestamp], { line }, useDatetime ? 'datetime' : 'timestamp');
  if (time === null) return null;
  return {
    time,
    timestampDesc: layout.desc >= 0 ? fields[layout.desc]! : '',
    message: fields[layout.message]!,
    source: ctx.file,
    host: firstOf(fields, layout.host),
    user: firstOf(fields, layout.user),
    tagsJson: layout.tag >= 0 ? tags.of(fields[layout.tag]!) : '',
    attributesJson: { writer: layout.attributes, fields, line: record.text },
  };
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

/** Header names of a CSV first line (quotes removed). */
export function csvHeader(text: string): string[] {
  return firstLine(text)
    .split(',')
    .map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

export const timesketchCsv: Importer = {
  format: 'timesketch-csv',
  label: 'Timesketch CSV',
  sniff(sample: Sample): number {
    const header = new Set(csvHeader(sample.text));
    if (header.size < 2) return 0;
    const hasTime = header.has('datetime') || header.has('timestamp');
    if (!hasTime) return 0;
    let score = 0.5;
    if (header.has('message')) score += 0.2;
    if (header.has('timestamp_desc')) score += 0.2;
    if (header.has('datetime')) score += 0.05;
    // Plaso's l2tcsv has its own importer; its header has date,time,timezone,MACB.
    if (header.has('MACB')) return 0;
    return score;
  },
  async run(ctx: ImportContext): Promise<void> {
    let header: string[] | null = null;
    let hasMessage = true;
    let layout: CsvLayout | null = null;
    const tags = new TagsJson();
    const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: 'the record is longer than 16 MiB' });
    for await (const batch of readCsv(ctx.open(), {
      file: ctx.file,
      onBytes: (n) => ctx.bytes(n),
      onTooLong: tooLong,
      invalidUtf8: (count, first) => ctx.invalidUtf8?.(count, first),
    })) {
      for (const record of batch) {
        if (!header) {
          header = record.fields.map((h) => h.trim());
          ctx.columns(header);
          if (!header.includes('datetime') && !header.includes('timestamp')) {
            throw new ImportProblem(`${ctx.file}: line 1: no "datetime" or "timestamp" column; this is not a Timesketch CSV`);
          }
          hasMessage = header.includes('message');
          if (!hasMessage) ctx.warn(`no "message" column; each message was built from the row's other fields`);
          continue;
        }
        if (record.fields.length === 1 && record.fields[0] === '') continue; // blank line
        if (record.fields.length !== header.length) {
          ctx.invalid({
            position: { line: record.line },
            field: null,
            reason: `has ${record.fields.length} fields, the header has ${header.length}`,
          });
          continue;
        }
        if (!hasMessage) {
          const row: Record<string, string> = dataObject();
          for (let i = 0; i < header.length; i++) row[header[i]!] = record.fields[i]!;
          const event = timesketchEvent(ctx, row, { line: record.line }, false);
          if (event) ctx.event(event);
          continue;
        }
        layout ??= csvLayout(header);
        const row = csvRow(ctx, layout, tags, record);
        if (row) ctx.eventRow(row);
      }
      await ctx.checkpoint();
    }
    if (!header) throw new ImportProblem(`${ctx.file}: the file is empty`);
  },
};

export const timesketchJsonl: Importer = {
  format: 'timesketch-jsonl',
  label: 'Timesketch JSONL',
  sniff(sample: Sample): number {
    const line = firstLine(sample.text).trim();
    if (!line.startsWith('{')) return 0;
    try {
      const row = JSON.parse(line) as Record<string, unknown>;
      if ('__container_type__' in row || 'date_time' in row) return 0; // Plaso json_line
      const hasTime = 'datetime' in row || 'timestamp' in row;
      if (!hasTime) return 0;
      return 0.5 + ('message' in row ? 0.2 : 0) + ('timestamp_desc' in row ? 0.2 : 0);
    } catch {
      return 0;
    }
  },
  async run(ctx: ImportContext): Promise<void> {
    let warnedMessage = false;
    await eachJsonLine(ctx.open(), ctx, (record, line) => {
      const hasMessage = 'message' in record;
      if (!hasMessage && !warnedMessage) {
        warnedMessage = true;
        ctx.warn(`events without "message" got messages built from their other fields`, { line });
      }
      const event = timesketchEvent(ctx, record, { line }, hasMessage);
      if (event) ctx.event(event);
    });
  },
};
