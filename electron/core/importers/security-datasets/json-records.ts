import type { ImportContext } from '../types';
import { nestingProblem } from '../nesting';
import { ImportProblem, type Position } from '../problems';
import { MAX_RECORD_CHARS, readLines } from '../text-lines';
import { Utf8Check } from '../utf8-check';
import type { Row } from './event-row';

/**
 * The JSON objects in a stream: one per line (JSONL, what Security-Datasets
 * ships), or — when the content starts with '[' — one JSON array, which has to
 * be parsed whole and so is held to a size limit. Bad records are reported at
 * their entry and line (or record number) and skipped.
 */

/** A JSON array inside an archive is parsed in memory; larger ones must be JSONL. */
export const MAX_ARRAY_BYTES = 256 * 1024 * 1024;

export interface Located {
  row: Row;
  position: Position;
}

function startsArray(chunk: Buffer): boolean {
  let text = chunk.subarray(0, 64).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.trimStart().startsWith('[');
}

export async function* jsonRecords(ctx: ImportContext, chunks: AsyncIterable<Buffer>, entry: string | undefined): AsyncGenerator<Located[]> {
  const where = (p: Position): Position => (entry === undefined ? p : { entry, ...p });
  const utf8 = (count: number, first: number) => ctx.invalidUtf8?.(count, first, entry);
  // Peek at the first chunk to tell JSON lines from an array, then read on from it.
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const all = (async function* () {
    try {
      yield first.value;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    } finally {
      // Stopped early (a preview's limit, an error): close the source too.
      await it.return?.();
    }
  })();

  if (startsArray(first.value)) {
    const parts: Buffer[] = [];
    let total = 0;
    for await (const chunk of all) {
      total += chunk.length;
      if (total > MAX_ARRAY_BYTES) {
        throw new ImportProblem(`${ctx.file}: ${entry ? `entry "${entry}": ` : ''}a JSON array over ${MAX_ARRAY_BYTES / 2 ** 20} MiB; export it as JSON lines`);
      }
      parts.push(chunk);
    }
    let parsed: unknown;
    try {
      const bytes = Buffer.concat(parts);
      const check = new Utf8Check(utf8);
      check.feed(bytes);
      check.end();
      parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new ImportProblem(`${ctx.file}: ${entry ? `entry "${entry}": ` : ''}not valid JSON: ${(err as Error).message}`);
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const batch: Located[] = [];
    items.forEach((item, i) => {
      const position = where({ record: i + 1 });
      const deep = nestingProblem(item, position);
      if (deep) ctx.invalid(deep);
      else if (typeof item !== 'object' || item === null || Array.isArray(item)) ctx.invalid({ position, field: null, reason: 'not a JSON object' });
      else batch.push({ row: item as Row, position });
    });
    for (let i = 0; i < batch.length; i += 1000) yield batch.slice(i, i + 1000);
    return;
  }

  const tooLong = (line: number) =>
    ctx.invalid({ position: where({ line }), field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  for await (const lines of readLines(all, () => undefined, tooLong, utf8)) {
    const batch: Located[] = [];
    for (const { text, line } of lines) {
      if (!text.trim()) continue;
      const position = where({ line });
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch (err) {
        ctx.invalid({ position, field: null, reason: `not valid JSON: ${(err as Error).message}` });
        continue;
      }
      const deep = nestingProblem(row, position);
      if (deep) ctx.invalid(deep);
      else if (typeof row !== 'object' || row === null || Array.isArray(row)) ctx.invalid({ position, field: null, reason: 'not a JSON object' });
      else batch.push({ row: row as Row, position });
    }
    yield batch;
  }
}
