import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { assertText, MAX_RECORD_CHARS } from '../text-lines';
import { eachExactJsonObject } from '../exact-json';
import { jsonObjects } from '../json-objects';
import { gunzipHead, isGzip, maybeGunzip } from '../gzip';
import { peek } from '../peek';
import { DetectionRows, type Row } from './detection-rows';

/**
 * `hayabusa json-timeline` output: JSON Lines with -L, otherwise the same
 * objects pretty-printed one after another. Each detection is turned into
 * the row its CSV output would have (Details and ExtraFieldInfo objects as
 * "Key: value ¦ Key: value", tag lists joined by ' ¦ ') and mapped as the
 * CSV's rows are (detection-rows.ts): an event each, an alert for the
 * serious ones, the computer, users, addresses and files as entities.
 */

const text = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.map(text).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** A detection object → the CSV row of the same detection. */
export function csvRowOf(object: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) row[key] = value.map(text).join(' ¦ ');
    else if (typeof value === 'object') {
      row[key] = Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${text(v)}`)
        .join(' ¦ ');
    } else row[key] = String(value);
  }
  return row;
}

function looksLikeDetection(head: string): boolean {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{')) return false;
  // The first object's first keys: Hayabusa writes Timestamp first, RuleTitle, Computer and Level soon after.
  const first = start.slice(0, 4096);
  return /^\{\s*"Timestamp"\s*:/.test(first) && /"RuleTitle"\s*:/.test(first) && /"Computer"\s*:/.test(first) && /"Level"\s*:/.test(first);
}

export const hayabusaJson: Importer = {
  format: 'hayabusa-json',
  label: 'Hayabusa JSON / JSONL',
  sniff(sample: Sample): number {
    return looksLikeDetection(isGzip(sample.head) ? gunzipHead(sample.head) : sample.text) ? 0.97 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const content = maybeGunzip(ctx.open(), { file: ctx.file, compressedSize: ctx.size, onBytes: (n) => ctx.bytes(n) });
    const { head, all, close } = await peek(content);
    // A file refused on its head alone is closed here, not by the garbage collector.
    try {
      if (head.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
      assertText(head, ctx.file);
      const rows = new DetectionRows(ctx);
      const columns = new Set<string>();
      let seen = 0;
      const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
      await eachExactJsonObject(jsonObjects(all, tooLong), ctx, (object, line) => {
        const row = csvRowOf(object);
        if (seen++ < 100) {
          for (const key in row) columns.add(key);
          ctx.columns([...columns]);
        }
        rows.hayabusa(row, { line });
      });
    } finally {
      await close();
    }
  },
};
