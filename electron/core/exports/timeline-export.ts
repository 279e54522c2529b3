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
  const line: Record<string, unknown> = {
    message: event.message,
    datetime: isoUs(event.time),
    timestamp: event.time,
    timestamp_desc: event.timestampDesc,
  };
  if (event.host) line.hostname = event.host;
  if (event.user) line.username = event.user;
  if (event.source) line.source_short = event.source;
  if (event.tags.length) line.tag = event.tags;
  for (const [key, value] of Object.entries(event.attributes)) {
    if (!RESERVED.has(key)) line[key] = value;
    else if (line[key] !== value) line[`${key}_attribute`] = value;
  }
  return `${JSON.stringify(line)}\n`;
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
