import type { StoredEvent } from '../../../shared/domain/timeline';
import type { TimelineExportFormat } from '../../../shared/domain/exports';
import { isoUs } from '../../../shared/time';
import { csvRecord } from '../../../shared/csv/csv-writer';
import { CasebookError } from '../../../shared/ipc/errors';
import type { TimelineStore } from '../timeline/timeline-store';
import type { ExportFile } from './export-file';

/** Events read from the store per step: one page, materialised, written, let go (memory stays flat). */
const PAGE = 1000;

/** The Timesketch fields an event's own values fill; an attribute of the same name is written under another (see timesketchLine). */
const RESERVED = new Set(['message', 'datetime', 'timestamp', 'timestamp_desc', 'tag', 'hostname', 'username', 'source_short']);

/**
 * One event as a line of Timesketch's JSONL import format: message, datetime
 * (ISO 8601 UTC), timestamp (µs since the epoch, Timesketch's unit),
 * timestamp_desc, then hostname, username, source_short and tag, then every
 * attribute as its own field. An attribute whose name is one of those fields
 * and whose value differs is kept as `<name>_attribute`, never dropped.
 */
export function timesketchLine(event: StoredEvent): string {
  // Written as text, field by field, not as an object: an attribute named `__proto__` stays a field (assigned to an object, it would vanish).
  const q = JSON.stringify;
  const datetime = isoUs(event.time);
  let line = `{"message":${q(event.message)},"datetime":"${datetime}","timestamp":${event.time},"timestamp_desc":${q(event.timestampDesc)}`;
  const own: Record<string, string> = {};
  if (event.host) own.hostname = event.host;
  if (event.user) own.username = event.user;
  if (event.source) own.source_short = event.source;
  for (const key in own) line += `,"${key}":${q(own[key])}`;
  if (event.tags.length) line += `,"tag":${q(event.tags)}`;
  // The text fields as written; `timestamp` (a number) and `tag` (a list) never equal an attribute's text.
  const written: Record<string, string> = { message: event.message, datetime, timestamp_desc: event.timestampDesc, ...own };
  for (const key in event.attributes) {
    const value = event.attributes[key]!;
    if (!RESERVED.has(key)) line += `,${q(key)}:${q(value)}`;
    else if (written[key] !== value) line += `,${q(`${key}_attribute`)}:${q(value)}`;
  }
  return `${line}}\n`;
}

/** The CSV export's columns: Timesketch's CSV names, the attributes as one JSON object (their names differ per event). */
export const TIMELINE_CSV_HEADER = ['datetime', 'timestamp', 'timestamp_desc', 'message', 'hostname', 'username', 'source_short', 'tag', 'attributes'];

export function timelineCsvRecord(event: StoredEvent): string {
  const attributes = Object.keys(event.attributes).length ? JSON.stringify(event.attributes) : '';
  return csvRecord([isoUs(event.time), event.time, event.timestampDesc, event.message, event.host, event.user, event.source, event.tags.join(','), attributes]);
}

export interface TimelineExportProgress {
  done: number;
  total: number;
}

/**
 * Writes every event of the store, in time order, a page at a time. Called
 * inside one timeline query, so events merged in by an import meanwhile wait
 * (the export is of one state of the timeline). Checks the signal between pages.
 */
export async function writeTimeline(
  store: TimelineStore,
  format: TimelineExportFormat,
  file: ExportFile,
  signal: AbortSignal,
  onProgress: (p: TimelineExportProgress) => void,
): Promise<number> {
  const total = store.count;
  const line = format === 'csv' ? timelineCsvRecord : timesketchLine;
  if (format === 'csv') await file.write(csvRecord(TIMELINE_CSV_HEADER));
  let cursor: string | null = null;
  let done = 0;
  onProgress({ done, total });
  do {
    if (signal.aborted) throw new CasebookError('cancelled', `timeline export cancelled after ${done} of ${total} events; nothing was written`);
    const page = await store.page({}, PAGE, 'asc', cursor);
    let text = '';
    for (const event of page.events) text += line(event);
    await file.write(text);
    done += page.events.length;
    cursor = page.nextCursor;
    onProgress({ done, total });
  } while (cursor !== null);
  return done;
}
