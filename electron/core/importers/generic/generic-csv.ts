import type { ImportContext, Importer, Sample } from '../types';
import { csvRowObject, readCsv } from '../csv-reader';
import { ImportProblem } from '../problems';
import { assertText, MAX_RECORD_CHARS } from '../text-lines';
import { detectDelimiter } from './delimiter';
import { MappedRows, mappedColumns, type Row } from './mapped-row';

/**
 * Any delimited text file with a header row (comma, semicolon, tab or pipe,
 * detected), imported through a column mapping the user confirmed. Its sniff
 * is deliberately weak, so that every specific importer wins over it.
 */

export const GENERIC_CONFIDENCE = 0.1;

/** Header names made unique, so no column hides another in a row. */
function uniqueNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw) => {
    const name = raw.trim() || 'column';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

export function needsMapping(file: string, kind: string, columns: string[]): ImportProblem {
  return new ImportProblem(
    `${file}: a generic ${kind} needs a column mapping: choose the column that holds the time (and how it is written) ` +
      `and the columns that make up the message. Its columns are: ${columns.join(', ') || '(none)'}`,
  );
}

export const genericCsv: Importer = {
  format: 'generic-csv',
  label: 'CSV with a column mapping',
  sniff(sample: Sample): number {
    if (sample.head.subarray(0, 4096).includes(0)) return 0;
    // JSON has commas on every line too; it is no CSV.
    if (/^\s*[[{]/.test(sample.text)) return 0;
    return detectDelimiter(sample.text) ? GENERIC_CONFIDENCE : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    let head = Buffer.alloc(0);
    for await (const chunk of ctx.open({ start: 0, end: Math.min(ctx.size, 64 * 1024) })) head = Buffer.concat([head, chunk]);
    assertText(head, ctx.file);
    const delimiter = detectDelimiter(head.toString('utf8').replace(/^\uFEFF/, '')) ?? ',';

    let header: string[] | null = null;
    let mapper: MappedRows | null = null;
    const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
    for await (const batch of readCsv(ctx.open(), {
      file: ctx.file,
      delimiter,
      onBytes: (n) => ctx.bytes(n),
      onTooLong: tooLong,
      invalidUtf8: (count, first) => ctx.invalidUtf8?.(count, first),
    })) {
      for (const record of batch) {
        if (!header) {
          header = uniqueNames(record.fields);
          ctx.columns(header);
          if (!ctx.mapping) throw needsMapping(ctx.file, 'CSV', header);
          const missing = mappedColumns(ctx.mapping).filter((c) => !header!.includes(c));
          if (missing.length) {
            throw new ImportProblem(
              `${ctx.file}: the column mapping names ${missing.map((c) => `"${c}"`).join(', ')}, which the file does not have; ` +
                `its columns are: ${header.join(', ')}`,
            );
          }
          mapper = new MappedRows(ctx, ctx.mapping);
          continue;
        }
        const row: Row | null = csvRowObject(header, record, (r) => ctx.invalid(r));
        if (!row) continue;
        const event = mapper!.event(row, { line: record.line });
        if (event) ctx.event(event);
      }
      await ctx.checkpoint();
    }
    if (!header) throw new ImportProblem(`${ctx.file}: the file is empty`);
  },
};
