import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { assertText } from '../text-lines';
import { eachExactJsonLine } from '../exact-json';
import { epochSecondsUs } from '../epoch-text';
import { gunzipHead, isGzip, maybeGunzip } from '../gzip';
import { attributeText, flatten } from '../json-fields';
import { peek } from '../peek';

/**
 * osquery result logs (osqueryd.results.log, JSON lines) in each of the
 * logger's shapes: differential results one row per line (`action`
 * added/removed with `columns`), the batch form (`diffResults` with
 * `added`/`removed` lists), and snapshots (`snapshot` list). Every row is
 * an event: at its own `time` column when the table is evented
 * (process_events, file_events, socket_events...), else at the query's
 * `unixTime` (written as a string) or, failing that, `calendarTime`
 * ("Thu Dec  7 17:57:33 2017 UTC"). The host is the `hostIdentifier` (or a
 * hostname decoration). Columns keep their names as attributes; the log's
 * own fields go under `osquery.` so a column called `name` does not hide
 * the query's name.
 */

type Row = Record<string, unknown>;

/** A `time` column below this (µs; 1973) is not an epoch time: a counter or a duration. */
const MIN_OWN_TIME = 1e14;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CALENDAR = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) UTC$/;

/** osquery's calendarTime (asctime in UTC) → µs, or null. */
export function calendarTimeUs(text: string): number | null {
  const m = CALENDAR.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!);
  const [day, h, min, s, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (month < 0 || day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return null;
  const ms = Date.UTC(year, month, day, h, min, Math.min(s, 59));
  return new Date(ms).getUTCDate() === day ? ms * 1000 : null;
}

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function hostOf(row: Row): string {
  const decorations = (row.decorations && typeof row.decorations === 'object' ? row.decorations : {}) as Row;
  return text(row.hostIdentifier) || text(decorations.hostname) || text(decorations.computer_name) || text(decorations.host_uuid);
}

/** The rows of one line, each with the action it reports. */
function rowsOf(row: Row): { action: string; columns: Row }[] | null {
  const isRow = (c: unknown): c is Row => typeof c === 'object' && c !== null && !Array.isArray(c);
  if (isRow(row.columns)) return [{ action: text(row.action) || 'added', columns: row.columns }];
  if (Array.isArray(row.snapshot)) return row.snapshot.filter(isRow).map((columns) => ({ action: 'snapshot', columns }));
  if (isRow(row.diffResults)) {
    const out: { action: string; columns: Row }[] = [];
    for (const action of ['added', 'removed']) {
      const list = row.diffResults[action];
      if (Array.isArray(list)) for (const columns of list.filter(isRow)) out.push({ action, columns });
    }
    return out;
  }
  return null;
}

function message(query: string, action: string, columns: Row): string {
  const parts: string[] = [];
  let length = 0;
  for (const key in columns) {
    const v = attributeText(columns[key]);
    if (v === '' || v.length > 200) continue;
    const part = `${key}=${v}`;
    if (length + part.length > 300) break;
    parts.push(part);
    length += part.length + 1;
  }
  return `${query || 'osquery'} ${action}${parts.length ? `: ${parts.join(' ')}` : ''}`;
}

class ResultLines {
  private readonly columns = new Set<string>();
  private seen = 0;

  constructor(private readonly ctx: ImportContext) {}

  /** The query's time for this line: unixTime, else calendarTime; null (an invalid record noted) when neither is a time. */
  private queryTime(row: Row, position: Position): number | null {
    const unix = epochSecondsUs(text(row.unixTime));
    if (unix !== null) return unix;
    const calendar = calendarTimeUs(text(row.calendarTime));
    if (calendar !== null) return calendar;
    const field = row.unixTime !== undefined ? 'unixTime' : 'calendarTime';
    this.ctx.invalid({
      position,
      field,
      reason: row[field] === undefined ? 'the time is missing' : `"${text(row[field]).slice(0, 60)}" is not a time osquery writes`,
    });
    return null;
  }

  line(row: Row, line: number): void {
    const position = { line };
    const rows = rowsOf(row);
    if (!rows) {
      this.ctx.invalid({ position, field: null, reason: 'no "columns", "snapshot" or "diffResults": not an osquery result' });
      return;
    }
    const at = this.queryTime(row, position);
    if (at === null) return;
    const query = text(row.name);
    const meta: Record<string, string> = {};
    for (const [key, value] of Object.entries(flatten(row))) {
      if (value === undefined || value === null || /^(columns|snapshot|diffResults)(\.|$)/.test(key)) continue;
      meta[`osquery.${key}`] = attributeText(value);
    }
    for (const { action, columns } of rows) {
      if (this.seen++ < 100) {
        for (const key in columns) this.columns.add(key);
        this.ctx.columns([...this.columns]);
      }
      // Evented tables (process_events, file_events...) carry the event's own `time`; the query's is when it was collected.
      const own = 'time' in columns ? epochSecondsUs(text(columns.time)) : null;
      const attributes: Record<string, string> = { ...meta, 'osquery.action': action };
      for (const key in columns) if (columns[key] !== null && columns[key] !== undefined) attributes[key] = attributeText(columns[key]);
      const event: TimelineEvent = {
        time: own !== null && own >= MIN_OWN_TIME ? own : at,
        timestampDesc: own !== null && own >= MIN_OWN_TIME ? 'Event Time' : 'Query Result Logged',
        message: message(query, action, columns),
        source: query ? `osquery ${query}` : 'osquery',
        host: hostOf(row),
        user: text(columns.username) || text(columns.user),
        tags: [],
        attributes,
      };
      this.ctx.event(event);
    }
  }
}

function looksLikeResult(line: string): boolean {
  try {
    const row = JSON.parse(line) as Row;
    if (typeof row !== 'object' || row === null || typeof row.name !== 'string') return false;
    const hasTime = 'unixTime' in row || 'calendarTime' in row;
    return hasTime && 'hostIdentifier' in row && ('columns' in row || 'snapshot' in row || 'diffResults' in row);
  } catch {
    return false;
  }
}

export const osquery: Importer = {
  format: 'osquery',
  label: 'osquery result logs',
  sniff(sample: Sample): number {
    const head = (isGzip(sample.head) ? gunzipHead(sample.head) : sample.text).replace(/^\uFEFF/, '').trimStart();
    return looksLikeResult(head.split('\n', 1)[0]!.trim()) ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const content = maybeGunzip(ctx.open(), { file: ctx.file, compressedSize: ctx.size, onBytes: (n) => ctx.bytes(n) });
    const { head, all, close } = await peek(content);
    // A file refused on its head alone is closed here, not by the garbage collector.
    try {
      if (head.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
      assertText(head, ctx.file);
      const lines = new ResultLines(ctx);
      await eachExactJsonLine(all, ctx, (row, line) => lines.line(row, line));
    } finally {
      await close();
    }
  },
};
