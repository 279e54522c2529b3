import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { assertText, readLines, MAX_RECORD_CHARS } from '../text-lines';
import { eachExactJsonLine } from '../exact-json';
import { epochSecondsUs } from '../epoch-text';
import { gunzipHead, isGzip, maybeGunzip } from '../gzip';
import { peek } from '../peek';
import { ZeekTsvReader } from './zeek-tsv';
import { attributesOf, flatten, type Fields } from '../json-fields';
import { get, guessPath, TIME_DESCRIPTIONS, zeekMessage } from './zeek-messages';

/**
 * Zeek (Bro) logs of any type (conn, http, dns, files, notice, x509, ssl…):
 * the ASCII TSV writer's files with their `#` headers, and JSON streaming
 * output (Zeek's own, with `_path` and ISO or epoch `ts`, or as a log
 * pipeline ships it, with `@stream` and `id_orig_h`). Either may be gzipped
 * as Zeek rotates it. Each record is one event at its `ts`, exact to the
 * microsecond; every field is kept as an attribute (lists as JSON arrays).
 * The host is left empty: Zeek sees a network, and the sensor's name
 * (`@system`) is not the machine an event is about; the endpoints are in the
 * message and attributes.
 */

const USER_FIELDS = ['username', 'user'];

/** The record's `ts` → µs: epoch seconds read digit by digit, ISO text through the import's time reader. */
function recordTime(ctx: ImportContext, value: unknown, position: Position, field: string): number | null {
  if (typeof value === 'number' || typeof value === 'string') {
    const us = epochSecondsUs(String(value));
    if (us !== null) return us;
  }
  return ctx.time(value, position, field);
}

function zeekEvent(ctx: ImportContext, row: Fields, path: string, time: number): TimelineEvent {
  const attributes = attributesOf(row);
  let user = '';
  for (const f of USER_FIELDS) {
    const v = get(row, f);
    if (typeof v === 'string' && v && v !== '-') {
      user = v;
      break;
    }
  }
  return {
    time,
    timestampDesc: TIME_DESCRIPTIONS[path] ?? 'Event Time',
    message: zeekMessage(path, row),
    source: path ? `zeek ${path}` : 'zeek',
    host: '',
    user,
    tags: [],
    attributes,
  };
}

async function importTsv(ctx: ImportContext, content: AsyncIterable<Buffer>): Promise<void> {
  const reader = new ZeekTsvReader();
  let records = 0;
  const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  for await (const batch of readLines(content, () => undefined, tooLong)) {
    for (const { text, line } of batch) {
      if (text === '' || reader.header(text)) continue;
      const layout = reader.current();
      if (!layout) {
        ctx.invalid({ position: { line }, field: null, reason: 'a record before any #fields header line' });
        continue;
      }
      if (records === 0) ctx.columns(layout.fields);
      records++;
      const read = reader.record(text, line, layout);
      if ('invalid' in read) {
        ctx.invalid(read.invalid);
        continue;
      }
      const fields = read.row;
      const timeField = layout.fields[layout.timeIndex] ?? 'ts';
      const time = recordTime(ctx, fields[timeField], { line }, timeField);
      if (time === null) continue;
      ctx.event(zeekEvent(ctx, fields, layout.path || guessPath(fields), time));
    }
    await ctx.checkpoint();
  }
  if (!reader.current()) throw new ImportProblem(`${ctx.file}: no #fields header line: not a Zeek TSV log`);
}

async function importJson(ctx: ImportContext, content: AsyncIterable<Buffer>): Promise<void> {
  const columns = new Set<string>();
  let seen = 0;
  await eachExactJsonLine(content, ctx, (object, line) => {
    const row = flatten(object);
    if (seen++ < 100) {
      for (const key in row) columns.add(key);
      ctx.columns([...columns]);
    }
    const path = String(row._path ?? row['@stream'] ?? '') || guessPath(row);
    const time = recordTime(ctx, row.ts, { line }, 'ts');
    if (time !== null) ctx.event(zeekEvent(ctx, row, path, time));
  });
}

/** How sure the text is Zeek's: its header, or a first JSON record in Zeek's shape. */
export function zeekConfidence(text: string): number {
  const start = text.replace(/^\uFEFF/, '');
  if (start.startsWith('#separator ') || start.startsWith('#fields\t')) return 0.95;
  const first = start.trimStart().split('\n', 1)[0]!.trim();
  if (!first.startsWith('{')) return 0;
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(first) as Record<string, unknown>;
  } catch {
    return 0;
  }
  if (typeof row !== 'object' || row === null || !('ts' in row)) return 0;
  if (typeof row._path === 'string' || row['@proc'] === 'zeek') return 0.95;
  const flat = flatten(row);
  const uid = get(flat, 'uid');
  const fuid = get(flat, 'fuid');
  if (typeof uid === 'string' && /^C[A-Za-z0-9]{8,}$/.test(uid) && get(flat, 'id.orig_h') !== undefined) return 0.9;
  if (typeof fuid === 'string' && /^F[A-Za-z0-9]{8,}$/.test(fuid)) return 0.9;
  return 0;
}

export const zeek: Importer = {
  format: 'zeek',
  label: 'Zeek logs (TSV or JSON, gzipped or not)',
  sniff(sample: Sample): number {
    return zeekConfidence(isGzip(sample.head) ? gunzipHead(sample.head) : sample.text);
  },
  async run(ctx: ImportContext): Promise<void> {
    const content = maybeGunzip(ctx.open(), { file: ctx.file, compressedSize: ctx.size, onBytes: (n) => ctx.bytes(n) });
    const { head, all, close } = await peek(content);
    // A file refused on its head alone is closed here, not by the garbage collector.
    try {
      if (head.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
      assertText(head, ctx.file);
      const start = head
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart();
      if (start.startsWith('#')) await importTsv(ctx, all);
      else if (start.startsWith('{')) await importJson(ctx, all);
      else throw new ImportProblem(`${ctx.file}: neither a Zeek TSV log (no #separator/#fields header) nor Zeek JSON (no "{" at the start)`);
    } finally {
      await close();
    }
  },
};
