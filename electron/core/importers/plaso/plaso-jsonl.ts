import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { assertText, eachJsonLine } from '../text-lines';
import { parseTags } from '../tags';
import { plasoTime } from './dfdatetime';
import { isPlasoStorage, isSqlite } from './sqlite-file';
import { withSysmonFromSyslog } from '../xml/syslog-sysmon';
import { dataObject } from '../data-object';

/**
 * Plaso `psort.py -o json_line`: one event container per line, its time as a
 * dfdatetime object (see dfdatetime.ts; `is_local_time` times are read in the
 * import's zone and counted as zoneless), the formatted `message`, and the
 * parser's own fields — kept as attributes, the path specification flattened
 * to one readable string.
 */

type Obj = Record<string, unknown>;

/** Fields that become the event's own columns rather than attributes. */
const OWN = new Set(['__container_type__', '__type__', 'date_time', 'timestamp', 'timestamp_desc', 'message', 'tag', 'hostname', 'username']);
const NOISE = new Set(['', '-', 'N/A']);

/** `OS:/cases/disk.dd > RAW > EXT:/var/log/secure`: outermost first, as dfVFS nests them. */
export function pathSpecText(spec: unknown): string {
  const chain: string[] = [];
  for (let node = spec as Obj | undefined; node && typeof node === 'object'; node = node.parent as Obj | undefined) {
    const type = typeof node.type_indicator === 'string' ? node.type_indicator : '?';
    const where =
      node.location ?? (node.inode !== undefined ? `inode ${String(node.inode)}` : node.mft_entry !== undefined ? `MFT ${String(node.mft_entry)}` : '');
    chain.push(where ? `${type}:${String(where)}` : type);
    if (chain.length > 32) break;
  }
  return chain.reverse().join(' > ');
}

function tagsOf(tag: unknown): string[] {
  if (tag && typeof tag === 'object' && !Array.isArray(tag)) return parseTags((tag as Obj).labels);
  return parseTags(tag);
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** One event as psort writes it (or as plaso-storage.ts puts it together) → a timeline event; null with an invalid record noted when its time is unusable. */
export function plasoEvent(ctx: ImportContext, row: Obj, position: Position): TimelineEvent | null {
  let time: number | null;
  if (row.date_time !== undefined && row.date_time !== null) {
    const t = plasoTime(row.date_time);
    if (t.kind === 'utc') time = t.us;
    else if (t.kind === 'local') time = ctx.time(t.iso, position, 'date_time');
    else {
      ctx.invalid({ position, field: 'date_time', reason: t.reason });
      return null;
    }
  } else {
    // Older exports: `timestamp` alone, always µs UTC (0 when Plaso had no time).
    const us = Number(row.timestamp);
    if (!Number.isFinite(us) || us === 0 || row.timestamp === '' || row.timestamp === null || row.timestamp === undefined) {
      ctx.invalid({
        position,
        field: 'timestamp',
        reason: row.timestamp === undefined ? 'no date_time and no timestamp' : `"${str(row.timestamp)}" is not a Plaso timestamp`,
      });
      return null;
    }
    time = Math.round(us);
  }
  if (time === null) return null;

  const attributes: Record<string, string> = dataObject();
  for (const key in row) {
    if (OWN.has(key)) continue;
    const value = key === 'pathspec' ? pathSpecText(row[key]) : str(row[key]);
    if (value !== '') attributes[key] = value;
  }
  let message = str(row.message);
  if (!message)
    message =
      str(row.body) ||
      Object.entries(attributes)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ');
  const host = str(row.hostname);
  const user = str(row.username);
  const event: TimelineEvent = {
    time,
    timestampDesc: str(row.timestamp_desc),
    message,
    source: str(row.parser) || str(row.data_type) || ctx.file,
    host: NOISE.has(host) ? '' : host,
    user: NOISE.has(user) ? '' : user,
    tags: tagsOf(row.tag),
    attributes,
  };
  // Sysmon for Linux writes its events into syslog as XML: read, they are the event (xml/syslog-sysmon.ts).
  const body = str(row.body);
  return body.includes('<Event') || message.includes('<Event') ? withSysmonFromSyslog(ctx, event, body || message, position) : event;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).trim();
}

export const plasoJsonl: Importer = {
  format: 'plaso-jsonl',
  label: 'Plaso json_line',
  sniff(sample: Sample): number {
    const line = firstLine(sample.text);
    if (!line.startsWith('{')) return 0;
    let row: Obj;
    try {
      row = JSON.parse(line) as Obj;
    } catch {
      // The first record may be longer than the sample.
      return /"__container_type__"\s*:\s*"event"/.test(line.slice(0, 8192)) ? 0.9 : 0;
    }
    if (row.__container_type__ === 'event') return 0.95;
    const dt = row.date_time as Obj | undefined;
    if (dt && typeof dt === 'object' && typeof dt.__class_name__ === 'string') return 0.9;
    if ('timestamp_desc' in row && 'parser' in row && 'data_type' in row) return 0.7;
    return 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    let checked = false;
    let skippedContainers = 0;
    const chunks = async function* () {
      for await (const chunk of ctx.open()) {
        if (!checked) {
          checked = true;
          if (isSqlite(chunk)) {
            throw new ImportProblem(
              isPlasoStorage(chunk)
                ? `${ctx.file}: a Plaso storage file, not json_line output: import it as "Plaso storage"`
                : `${ctx.file}: an SQLite database, not Plaso json_line output`,
            );
          }
          assertText(chunk, ctx.file);
        }
        yield chunk;
      }
    };
    let columns = false;
    await eachJsonLine(chunks(), ctx, (record, line) => {
      if (record.__container_type__ !== undefined && record.__container_type__ !== 'event') {
        skippedContainers++;
        return;
      }
      if (!columns) {
        columns = true;
        ctx.columns(Object.keys(record));
      }
      const event = plasoEvent(ctx, record, { line });
      if (event) ctx.event(event);
    });
    if (skippedContainers) ctx.warn(`${skippedContainers} line(s) held Plaso containers other than events (sessions, sources...) and were skipped`);
  },
};
