import type { TimelineEvent } from '../../../shared/domain/timeline';
import { readRunFile, type TimelineFiles } from '../indicators/event-scan';
import { decodeColumns, decodeText } from '../timeline/run-format';
import { eventAttributes } from '../timeline/timeline-results';
import type { RunRef } from '../timeline/run-files';

/**
 * The events of one timeline run, read from its files (decrypted and checked
 * against the tags the journal recorded), in the run's time order. A package
 * keeps each import's events with it, so runs are read by the import that
 * wrote them rather than merged in time order across imports.
 */
export async function runEvents(files: Omit<TimelineFiles, 'runs'>, ref: RunRef): Promise<TimelineEvent[]> {
  const full = { ...files, runs: [] };
  const cols = decodeColumns(files.key, files.caseId, `${ref.name}.cols`, await readRunFile(full, `${ref.name}.cols`, ref.colsTag));
  const text = decodeText(files.key, files.caseId, `${ref.name}.text`, await readRunFile(full, `${ref.name}.text`, ref.textTag));
  const { dicts } = cols.header;
  const events: TimelineEvent[] = new Array<TimelineEvent>(cols.header.count);
  for (let i = 0; i < cols.header.count; i++) {
    const tagsJson = dicts.tags[cols.ids.tags[i]!]!;
    events[i] = {
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
  return events;
}
