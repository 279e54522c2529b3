import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { readHeadedCsv } from '../headed-csv';
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
    let flavour: Flavour | null = null;
    await readHeadedCsv(ctx, {
      header(names) {
        flavour = flavourOf(names);
        if (!flavour) {
          throw new ImportProblem(
            `${ctx.file}: line 1: not a Hayabusa or Chainsaw CSV header (Hayabusa needs Timestamp, Computer, Level and RuleTitle; ` +
              `Chainsaw starts with timestamp,detections); its columns are: ${names.slice(0, 12).join(', ')}`,
          );
        }
        return names;
      },
      row(row: Row, position) {
        if (flavour === 'hayabusa') rows.hayabusa(row, position);
        else rows.chainsaw(row, position);
      },
    });
  },
};
