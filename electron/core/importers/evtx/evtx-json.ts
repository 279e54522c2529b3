import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, jsonObjectAt } from '../problems';
import { assertText, MAX_RECORD_CHARS } from '../text-lines';
import { parseExactJson } from '../exact-json-parse';
import { jsonObjects } from '../json-objects';
import { gunzipHead, isGzip, maybeGunzip } from '../gzip';
import { peek } from '../peek';
import { ChannelNames } from '../security-datasets/channels';
import { recordEvent } from './evtx';
import { jsonEventFields, jsonEventOf } from './json-event-fields';

/**
 * Windows event logs already turned into JSON by another tool: `evtx_dump`
 * (pretty-printed records one after another, each after a "Record N" line,
 * or JSON Lines), Chainsaw's `dump --json/--jsonl` (an array, or lines), and
 * xmltodict or golang-evtx dumps. Each record is read into the fields of a
 * raw EVTX record (json-event-fields.ts) and mapped by the .evtx importer's
 * own recordEvent, so the same log imported either way gives the same events.
 */

/** What the tools write between records: evtx_dump's "Record 12" lines, an array's brackets and commas. */
const BETWEEN_RECORDS = /^(?:Record \d+|[[\],\s]+)$/;
/** The first record's opening: `{"Event": {` (after a "Record 1" line or an array's "["), with System inside. */
const FIRST_RECORD = /^(?:Record \d+\s*)?\[?\s*\{\s*"Event(?:_attributes)?"\s*:\s*\{/;

export function looksLikeEvtxJson(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!FIRST_RECORD.test(start)) return false;
  const first = start.slice(0, 16 * 1024);
  return first.includes('"System"') && first.includes('"EventID"') && first.includes('"TimeCreated');
}

/** A record read from another tool's output has no record header: offset -1 (recordEvent writes no offset or written time). */
export const NO_RECORD_HEADER = { offset: -1, id: 0n, written: 0n, xml: [] };

export const evtxJson: Importer = {
  format: 'evtx-json',
  label: 'Windows events as JSON (evtx_dump, Chainsaw dump)',
  sniff(sample: Sample): number {
    return looksLikeEvtxJson(isGzip(sample.head) ? gunzipHead(sample.head) : sample.text) ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const content = maybeGunzip(ctx.open(), { file: ctx.file, compressedSize: ctx.size, onBytes: (n) => ctx.bytes(n) });
    const { head, all, close } = await peek(content);
    // A file refused on its head alone is closed here, not by the garbage collector.
    try {
      if (head.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
      assertText(head, ctx.file);
      const channels = new ChannelNames();
      const columns = new Set<string>();
      let records = 0;
      const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
      for await (const batch of jsonObjects(all, tooLong)) {
        for (const { text, line } of batch) {
          if (BETWEEN_RECORDS.test(text)) continue;
          const object = jsonObjectAt(text, line, (r) => ctx.invalid(r), parseExactJson);
          if (!object) continue;
          records++;
          const event = jsonEventOf(object);
          if (!event) {
            ctx.invalid({ position: { line }, field: 'Event.System', reason: 'the record has no Event.System: not a Windows event' });
            continue;
          }
          const mapped = recordEvent(NO_RECORD_HEADER, jsonEventFields(event), channels);
          if (typeof mapped === 'string') {
            ctx.invalid({ position: { line }, field: 'Event.System.TimeCreated', reason: mapped });
            continue;
          }
          if (columns.size < 200) {
            for (const key in mapped.attributes) columns.add(key);
            ctx.columns([...columns]);
          }
          ctx.event(mapped);
        }
        await ctx.checkpoint();
      }
      if (records === 0) throw new ImportProblem(`${ctx.file}: no JSON record in the file`);
    } finally {
      await close();
    }
  },
};
