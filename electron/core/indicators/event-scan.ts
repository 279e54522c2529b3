import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { tagOf } from '../vault/aead';
import { decodeColumns, decodeText } from '../timeline/run-format';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import { TIMELINE_DIR, type RunRef } from '../timeline/run-files';
import type { IndicatorMatcher } from './indicator-matcher';

/** Where in an event an indicator was found. */
export type EventField = 'message' | 'attributes' | 'host' | 'user';

export type OnEventHit = (indicator: number, eventId: number, time: number, field: EventField, value: string) => void;

export interface TimelineFiles {
  dir: string;
  caseId: string;
  key: Buffer;
  runs: readonly RunRef[];
}

/**
 * Reads every event of the case's timeline once, run by run (each run's files
 * decrypted and authenticated against the journal's tags, then let go), and
 * reports each indicator found in an event's message, attributes, host or user,
 * once per event, field and indicator.
 */
export async function scanEvents(files: TimelineFiles, matcher: IndicatorMatcher, indicatorCount: number, onHit: OnEventHit): Promise<number> {
  // The last event each indicator was reported for, so an event that names it twice reports it once per field.
  const lastEvent = new Float64Array(indicatorCount).fill(-1);
  const lastField = new Array<EventField | null>(indicatorCount).fill(null);
  let events = 0;
  for (const ref of files.runs) {
    const cols = decodeColumns(files.key, files.caseId, `${ref.name}.cols`, await readRunFile(files, `${ref.name}.cols`, ref.colsTag));
    const text = decodeText(files.key, files.caseId, `${ref.name}.text`, await readRunFile(files, `${ref.name}.text`, ref.textTag));
    const dictHits = {
      host: dictionaryHits(cols.header.dicts.host, matcher),
      user: dictionaryHits(cols.header.dicts.user, matcher),
    };
    const base = ref.ordinal * RUN_ID_STRIDE;
    let eventId = 0;
    let time = 0;
    let field: EventField = 'message';
    let source = text.msgBytes;
    const report = (indicator: number, s: number, e: number) => {
      if (lastEvent[indicator] === eventId && lastField[indicator] === field) return;
      lastEvent[indicator] = eventId;
      lastField[indicator] = field;
      onHit(indicator, eventId, time, field, source.toString('utf8', s, e));
    };
    for (let i = 0; i < cols.header.count; i++) {
      eventId = base + i;
      time = cols.time[i]!;
      field = 'message';
      source = text.msgBytes;
      matcher.scan(text.msgBytes, text.msgOffsets[i]!, text.msgOffsets[i + 1]!, report);
      field = 'attributes';
      source = text.attrBytes;
      matcher.scan(text.attrBytes, text.attrOffsets[i]!, text.attrOffsets[i + 1]!, report);
      for (const column of ['host', 'user'] as const) {
        const hits = dictHits[column][cols.ids[column][i]!];
        for (const hit of hits ?? []) onHit(hit.indicator, eventId, time, column, hit.value);
      }
    }
    events += cols.header.count;
    // Other calls get their turn between runs.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return events;
}

/** The indicators each value of a run's dictionary holds (host and user names repeat: each is read once). */
function dictionaryHits(values: readonly string[], matcher: IndicatorMatcher): ({ indicator: number; value: string }[] | undefined)[] {
  return values.map((value) => {
    if (!value) return undefined;
    const hits: { indicator: number; value: string }[] = [];
    const original = Buffer.from(value, 'utf8');
    matcher.scan(original, 0, original.length, (indicator, s, e) => {
      if (!hits.some((h) => h.indicator === indicator)) hits.push({ indicator, value: original.toString('utf8', s, e) });
    });
    return hits.length ? hits : undefined;
  });
}

export async function readRunFile(files: TimelineFiles, name: string, expectedTag: string): Promise<Buffer> {
  let sealed: Buffer;
  try {
    sealed = await fs.readFile(path.join(files.dir, TIMELINE_DIR, name));
  } catch {
    throw new CasebookError('corrupt', `case ${files.caseId}: timeline file ${name} is missing`);
  }
  if (tagOf(sealed).toString('hex') !== expectedTag) {
    throw new CasebookError('corrupt', `case ${files.caseId}: timeline file ${name} is not the one the journal recorded`);
  }
  return sealed;
}
