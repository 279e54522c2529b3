import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext, Importer, Sample } from '../types';
import { readCsv } from '../csv-reader';
import { ImportProblem, type Position } from '../problems';
import { assertText, MAX_RECORD_CHARS } from '../text-lines';
import { detectDelimiter, headerFields } from '../generic/delimiter';
import { PlasoCsvTimes } from './csv-time';
import { dataObject } from '../data-object';

/**
 * Plaso's delimited outputs:
 * - l2tcsv, the 17 fixed fields of log2timeline.pl
 *   (`date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra`),
 *   date MM/DD/YYYY, time HH:MM:SS, in the zone the `timezone` column names;
 * - dynamic, psort's default (`datetime,timestamp_desc,source,source_long,message,parser,display_name,tag`)
 *   or any `--fields` selection, with an ISO `datetime` or `date`/`time` columns,
 *   comma-separated unless `--field_delimiter` chose another.
 * Plaso writes '-' for an empty field; those are dropped.
 */

type Layout = 'l2tcsv' | 'dynamic';

const L2TCSV = [
  'date',
  'time',
  'timezone',
  'macb',
  'source',
  'sourcetype',
  'type',
  'user',
  'host',
  'short',
  'desc',
  'version',
  'filename',
  'inode',
  'notes',
  'format',
  'extra',
];
const DYNAMIC_DEFAULT = ['datetime', 'timestamp_desc', 'source', 'source_long', 'message', 'parser', 'display_name'];
/** Columns only Plaso's dynamic output has (next to its time columns). */
const PLASO_ONLY = ['source_long', 'sourcetype', 'display_name', 'parser', 'macb', 'message_short', 'store_number', 'store_index', 'inode'];

function layoutOf(names: string[]): { layout: Layout; confidence: number } | null {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  if (L2TCSV.filter((n) => lower.has(n)).length >= 14 && lower.has('macb')) return { layout: 'l2tcsv', confidence: 0.97 };
  const hasTime = lower.has('datetime') || (lower.has('date') && lower.has('time'));
  if (!hasTime) return null;
  if (DYNAMIC_DEFAULT.every((n) => lower.has(n))) return { layout: 'dynamic', confidence: 0.97 };
  // Timesketch's CSV (often Plaso fields re-exported) has an epoch `timestamp` column; that file is Timesketch's to read.
  if (lower.has('timestamp') || lower.has('__ts_timeline_id')) return null;
  if (PLASO_ONLY.filter((n) => lower.has(n)).length >= 2) return { layout: 'dynamic', confidence: 0.6 };
  return null;
}

function delimiterOf(text: string): string {
  return detectDelimiter(text, [',', '\t', '|', ';', '@']) ?? ',';
}

const blank = (v: string | undefined): boolean => v === undefined || v === '' || v === '-';
const pick = (row: Map<string, string>, ...names: string[]): string => {
  for (const n of names) {
    const v = row.get(n);
    if (!blank(v)) return v!;
  }
  return '';
};

/** Labels as Plaso joins them: commas or spaces (a label has neither). */
const labels = (v: string): string[] => (blank(v) ? [] : v.split(/[\s,;]+/).filter(Boolean));

class RowMapper {
  private readonly times: PlasoCsvTimes;
  constructor(
    private readonly ctx: ImportContext,
    private readonly layout: Layout,
  ) {
    this.times = new PlasoCsvTimes(ctx);
  }

  private time(row: Map<string, string>, position: Position): number | null {
    const datetime = row.get('datetime');
    if (datetime !== undefined) {
      if (/^0000-00-00/.test(datetime) || /^invalid/i.test(datetime.trim())) {
        this.ctx.invalid({ position, field: 'datetime', reason: `Plaso wrote no time for this event ("${datetime}")` });
        return null;
      }
      return this.ctx.time(datetime, position, 'datetime');
    }
    return this.times.read(row.get('date') ?? '', row.get('time') ?? '', pick(row, 'timezone', 'zone'), position);
  }

  event(header: string[], fields: string[], position: Position): TimelineEvent | null {
    // Lookups by lower-case name; attributes keep the header's own spelling.
    const row = new Map<string, string>();
    for (let i = 0; i < header.length; i++) row.set(header[i]!.toLowerCase(), fields[i]!);
    const time = this.time(row, position);
    if (time === null) return null;
    const l2t = this.layout === 'l2tcsv';
    const used = l2t
      ? ['date', 'time', 'type', 'desc', 'sourcetype', 'host', 'user', 'notes']
      : ['datetime', 'date', 'time', 'timestamp_desc', 'message', 'source_long', 'hostname', 'host', 'username', 'user', 'tag'];
    const attributes: Record<string, string> = dataObject();
    for (let i = 0; i < header.length; i++) {
      if (!blank(fields[i]) && !used.includes(header[i]!.toLowerCase())) attributes[header[i]!] = fields[i]!;
    }
    return {
      time,
      timestampDesc: l2t ? pick(row, 'type') : pick(row, 'timestamp_desc', 'type'),
      message: l2t ? pick(row, 'desc', 'short') : pick(row, 'message', 'description', 'desc', 'message_short', 'description_short', 'short'),
      source: pick(row, 'source_long', 'sourcetype', 'source') || this.ctx.file,
      host: pick(row, 'hostname', 'host'),
      user: pick(row, 'username', 'user'),
      tags: labels(l2t ? (row.get('notes') ?? '') : (row.get('tag') ?? '')),
      attributes,
    };
  }
}

export const plasoCsv: Importer = {
  format: 'plaso-csv',
  label: 'Plaso CSV (l2tcsv or dynamic)',
  sniff(sample: Sample): number {
    return layoutOf(headerFields(sample.text, delimiterOf(sample.text)))?.confidence ?? 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    // The delimiter comes from the first block; then the file is read from the start.
    let head = Buffer.alloc(0);
    for await (const chunk of ctx.open({ start: 0, end: Math.min(ctx.size, 64 * 1024) })) head = Buffer.concat([head, chunk]);
    assertText(head, ctx.file);
    const delimiter = delimiterOf(head.toString('utf8').replace(/^\uFEFF/, ''));

    let header: string[] | null = null;
    let mapper: RowMapper | null = null;
    const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
    for await (const batch of readCsv(ctx.open(), {
      file: ctx.file,
      delimiter,
      onBytes: (n) => ctx.bytes(n),
      onTooLong: tooLong,
      invalidUtf8: (count, first) => ctx.invalidUtf8?.(count, first),
    })) {
      for (const record of batch) {
        if (!header) {
          header = record.fields.map((h) => h.trim());
          ctx.columns(header);
          const found = layoutOf(header);
          if (!found) {
            throw new ImportProblem(
              `${ctx.file}: line 1: not a Plaso CSV header (l2tcsv starts date,time,timezone,MACB,...; dynamic needs datetime ` +
                `or date and time columns); its columns are: ${header.slice(0, 12).join(', ')}`,
            );
          }
          mapper = new RowMapper(ctx, found.layout);
          continue;
        }
        if (record.fields.length === 1 && record.fields[0] === '') continue;
        if (record.fields.length !== header.length) {
          ctx.invalid({ position: { line: record.line }, field: null, reason: `has ${record.fields.length} fields, the header has ${header.length}` });
          continue;
        }
        const event = mapper!.event(header, record.fields, { line: record.line });
        if (event) ctx.event(event);
      }
      await ctx.checkpoint();
    }
    if (!header) throw new ImportProblem(`${ctx.file}: the file is empty`);
  },
};
