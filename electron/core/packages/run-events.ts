import type { TimelineEvent } from '../../../shared/domain/timeline';
import { readRunFile, type TimelineFiles } from '../indicators/event-scan';
import { decodeColumns, decodeText, type RunColumns, type RunText } from '../timeline/run-format';
import { eventAttributes } from '../timeline/timeline-results';
import type { RunRef } from '../timeline/run-files';

/** One timeline run as stored: its columns and its text, decrypted and checked against the tags the journal recorded. */
export interface StoredRun {
  cols: RunColumns;
  text: RunText;
}

export async function readRun(files: Omit<TimelineFiles, 'runs'>, ref: RunRef): Promise<StoredRun> {
  const full = { ...files, runs: [] };
  const cols = decodeColumns(files.key, files.caseId, `${ref.name}.cols`, await readRunFile(full, `${ref.name}.cols`, ref.colsTag));
  const text = decodeText(files.key, files.caseId, `${ref.name}.text`, await readRunFile(full, `${ref.name}.text`, ref.textTag));
  return { cols, text };
}

/** Event i of a run, as an object. */
export function runEvent({ cols, text }: StoredRun, i: number): TimelineEvent {
  const { dicts } = cols.header;
  const tagsJson = dicts.tags[cols.ids.tags[i]!]!;
  return {
    time: cols.time[i]!,
    timestampDesc: dicts.desc[cols.ids.desc[i]!]!,
    message: text.msgBytes.toString('utf8', text.msgOffsets[i]!, text.msgOffsets[i + 1]!),
    source: dicts.source[cols.ids.source[i]!]!,
    host: dicts.host[cols.ids.host[i]!]!,
    user: dicts.user[cols.ids.user[i]!]!,
    tags: tagsJson ? (JSON.parse(tagsJson) as string[]) : [],
    attributes: eventAttributes(text, i),
  };
}

/**
 * The events of one timeline run, in the run's time order. A package keeps
 * each import's events with it, so runs are read by the import that wrote
 * them rather than merged in time order across imports.
 */
export async function runEvents(files: Omit<TimelineFiles, 'runs'>, ref: RunRef): Promise<TimelineEvent[]> {
  const run = await readRun(files, ref);
  const events: TimelineEvent[] = new Array<TimelineEvent>(run.cols.header.count);
  for (let i = 0; i < events.length; i++) events[i] = runEvent(run, i);
  return events;
}
