import type { ImportContext } from './types';
import { csvRowObject, readCsv } from './csv-reader';
import { ImportProblem, type Position } from './problems';
import { assertText, MAX_RECORD_CHARS } from './text-lines';

/**
 * CSV files whose first line names the columns and whose header says which
 * tool wrote them (Defender and Log Analytics exports, Eric Zimmerman's
 * tools): the names for sniffing, and the rows as objects for importing.
 */

/** The first line's column names, unquoted (a quoted name may hold a comma or a space: "TimeGenerated [UTC]"). */
export function csvHeaderNames(text: string, delimiter = ','): string[] {
  const nl = text.indexOf('\n');
  const line = (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
  const names: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let end = at + 1;
      let name = '';
      for (;;) {
        const q = line.indexOf('"', end);
        if (q === -1) return names; // cut off in the sample: the names so far
        name += line.slice(end, q);
        if (line[q + 1] === '"') {
          name += '"';
          end = q + 2;
          continue;
        }
        at = q + 1;
        break;
      }
      names.push(name.trim());
      at = line.indexOf(delimiter, at) === -1 ? line.length + 1 : line.indexOf(delimiter, at) + 1;
    } else {
      const next = line.indexOf(delimiter, at);
      names.push(line.slice(at, next === -1 ? undefined : next).trim());
      at = next === -1 ? line.length + 1 : next + 1;
    }
  }
  return names;
}

export interface HeadedCsvHandlers {
  /** Told the header (names as written); returns the names rows are keyed by, or throws when the header is not the expected one. */
  header(names: string[]): string[];
  row(row: Record<string, string>, position: Position): void;
}

/** Reads a headed CSV file to its end: the header first, then every row, with checkpoints; all-or-nothing errors name the line. */
export async function readHeadedCsv(ctx: ImportContext, handlers: HeadedCsvHandlers, chunks: AsyncIterable<Buffer> = ctx.open()): Promise<void> {
  let header: string[] | null = null;
  let checkedText = false;
  const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  const checked = async function* () {
    for await (const chunk of chunks) {
      if (!checkedText) {
        assertText(chunk, ctx.file);
        checkedText = true;
      }
      yield chunk;
    }
  };
  for await (const batch of readCsv(checked(), {
    file: ctx.file,
    onBytes: (n) => ctx.bytes(n),
    onTooLong: tooLong,
    invalidUtf8: (count, first) => ctx.invalidUtf8?.(count, first),
  })) {
    for (const record of batch) {
      if (!header) {
        const written = record.fields.map((h) => h.trim());
        ctx.columns(written);
        header = handlers.header(written);
        continue;
      }
      const row = csvRowObject(header, record, (r) => ctx.invalid(r));
      if (row) handlers.row(row, { line: record.line });
    }
    await ctx.checkpoint();
  }
  if (!header) throw new ImportProblem(`${ctx.file}: the file is empty`);
}
