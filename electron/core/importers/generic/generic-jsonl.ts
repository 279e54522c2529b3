import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { assertText, eachJsonLine } from '../text-lines';
import { GENERIC_CONFIDENCE, needsMapping } from './generic-csv';
import { jsonColumns } from './guess-mapping';
import { MappedRows, valueAt, type Row } from './mapped-row';

/**
 * Any file of JSON objects, one per line, imported through a column mapping
 * (a column may be a dotted path into nested objects: "event.created").
 */

function firstLine(text: string): string {
  for (const line of text.split('\n')) if (line.trim()) return line.trim();
  return '';
}

export const genericJsonl: Importer = {
  format: 'generic-jsonl',
  label: 'JSON lines with a column mapping',
  sniff(sample: Sample): number {
    const line = firstLine(sample.text);
    if (!line.startsWith('{')) return 0;
    try {
      const row = JSON.parse(line) as unknown;
      return row && typeof row === 'object' && !Array.isArray(row) ? GENERIC_CONFIDENCE : 0;
    } catch {
      // The first object may be longer than the sample.
      return line.length >= sample.text.length - 1 ? GENERIC_CONFIDENCE : 0;
    }
  },
  async run(ctx: ImportContext): Promise<void> {
    let mapper: MappedRows | null = null;
    let checked = false;
    const chunks = async function* () {
      for await (const chunk of ctx.open()) {
        if (!checked) {
          checked = true;
          assertText(chunk, ctx.file);
        }
        yield chunk;
      }
    };
    await eachJsonLine(chunks(), ctx, (row, line) => {
      if (!mapper) {
        const columns = jsonColumns([row as Row]);
        ctx.columns(columns);
        if (!ctx.mapping) throw needsMapping(ctx.file, 'JSONL file', columns);
        if (valueAt(row as Row, ctx.mapping.time) === undefined) {
          throw new ImportProblem(
            `${ctx.file}: line ${line}: the first record has no "${ctx.mapping.time}" (the mapping's time column); its fields are: ${columns.join(', ')}`,
          );
        }
        mapper = new MappedRows(ctx, ctx.mapping);
      }
      const event = mapper.event(row as Row, { line });
      if (event) ctx.event(event);
    });
  },
};
