import type { ImportContext } from '../types';
import { nestingProblem } from '../nesting';
import type { Position } from '../problems';
import { decodeChunks, MAX_RECORD_CHARS, readLines } from '../text-lines';
import { jsonArrayItems } from '../json-array-items';
import { peek } from '../peek';
import type { Row } from './event-row';
import { parseExactJson } from '../exact-json-parse';

/**
 * The JSON objects in a stream: one per line (JSONL, what Security-Datasets
 * ships), or — when the content starts with '[' — one JSON array, read item by
 * item as it streams in (json-array-items.ts), so memory holds one item
 * whatever the array's size. Bad records are reported at their entry and line
 * (or record number) and skipped.
 */

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
  // Peek at the start to tell JSON lines from an array, then read on from it (peek closes the source if stopped early).
  const { head, all } = await peek(chunks);
  if (head.length === 0) return;

  if (startsArray(head)) {
    const texts = (async function* () {
      for await (const { text } of decodeChunks(all, utf8)) yield text;
    })();
    const label = `${ctx.file}${entry ? `: entry "${entry}"` : ''}`;
    const tooLongItem = (record: number) =>
      ctx.invalid({ position: where({ record }), field: null, reason: `the item is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
    for await (const items of jsonArrayItems(texts, label, tooLongItem)) {
      const batch: Located[] = [];
      for (const { text, record } of items) {
        const position = where({ record });
        let item: unknown;
        try {
          item = parseExactJson(text);
        } catch (err) {
          ctx.invalid({ position, field: null, reason: `not valid JSON: ${(err as Error).message}` });
          continue;
        }
        const deep = nestingProblem(item, position);
        if (deep) ctx.invalid(deep);
        else if (typeof item !== 'object' || item === null || Array.isArray(item)) ctx.invalid({ position, field: null, reason: 'not a JSON object' });
        else batch.push({ row: item as Row, position });
      }
      yield batch;
    }
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
        row = parseExactJson(text);
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
