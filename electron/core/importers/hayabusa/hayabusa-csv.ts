import type { ImportContext, Importer, Sample } from '../types';
import { csvRowObject, readCsv } from '../csv-reader';
import { ImportProblem } from '../problems';
import { assertText, MAX_RECORD_CHARS } from '../text-lines';
import { DetectionRows, type Row } from './detection-rows';

/**
 * Hayabusa `csv-timeline` output (any profile) and Chainsaw `hunt --csv`
 * output: detections over Windows event logs, each a timeline event, the
 * serious ones alerts too (see detection-rows.ts).
 */

type Flavour = 'hayabusa' | 'chainsaw';

function headerNames(text: string): string[] {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl))
    .replace(/\r$/, '')
    .split(',')
    .map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

function flavourOf(names: string[]): Flavour | null {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  const hasTime = lower.has('timestamp') || lower.has('datetime');
  if (hasTime && lower.has('level') && lower.has('computer') && (lower.has('ruletitle') || lower.has('rulefile') || lower.has('rulepath'))) {
    return 'hayabusa';
  }
  if (names[0]?.toLowerCase() === 'timestamp' && names[1]?.toLowerCase() === 'detections') return 'chainsaw';
  return null;
}

export const hayabusaCsv: Importer = {
  format: 'hayabusa-csv',
  label: 'Hayabusa / Chainsaw CSV',
  sniff(sample: Sample): number {
    const flavour = flavourOf(headerNames(sample.text));
    return flavour === 'hayabusa' ? 0.97 : flavour === 'chainsaw' ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const rows = new DetectionRows(ctx);
    let header: string[] | null = null;
    let flavour: Flavour | null = null;
    let checkedText = false;
    const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
    const chunks = async function* () {
      for await (const chunk of ctx.open()) {
        if (!checkedText) {
          assertText(chunk, ctx.file);
          checkedText = true;
        }
        yield chunk;
      }
    };
    for await (const batch of readCsv(chunks(), {
      file: ctx.file,
      onBytes: (n) => ctx.bytes(n),
      onTooLong: tooLong,
      invalidUtf8: (count, first) => ctx.invalidUtf8?.(count, first),
    })) {
      for (const record of batch) {
        if (!header) {
          header = record.fields.map((h) => h.trim());
          ctx.columns(header);
          flavour = flavourOf(header);
          if (!flavour) {
            throw new ImportProblem(
              `${ctx.file}: line 1: not a Hayabusa or Chainsaw CSV header (Hayabusa needs Timestamp, Computer, Level and RuleTitle; ` +
                `Chainsaw starts with timestamp,detections); its columns are: ${header.slice(0, 12).join(', ')}`,
            );
          }
          continue;
        }
        const row: Row | null = csvRowObject(header, record, (r) => ctx.invalid(r));
        if (!row) continue;
        if (flavour === 'hayabusa') rows.hayabusa(row, { line: record.line });
        else rows.chainsaw(row, { line: record.line });
      }
      await ctx.checkpoint();
    }
    if (!header) throw new ImportProblem(`${ctx.file}: the file is empty`);
  },
};
