import type { ImportContext } from '../types';
import { Utf8Check } from '../utf8-check';
import { nestingProblem } from '../nesting';
import { ImportProblem, type Position } from '../problems';
import { describeJsonError } from '../json-error';
import { isObject, type Json } from './values';
import { parseExactJson } from '../exact-json-parse';

/**
 * Microsoft exports arrive as one JSON document (an object, an OData list
 * `{"value": [...]}`, or an array) or as JSON Lines (one object per line, as
 * SIEM pipelines write them). Both are read here into items with positions a
 * user can find: `record` (1-based) inside a document, `line` in JSON Lines.
 */

export interface Item {
  value: unknown;
  position: Position;
}

/** Decodes the whole file (BOM dropped); damaged bytes become U+FFFD like the rest of the pipeline. */
export async function readText(ctx: ImportContext): Promise<string> {
  const bytes = await ctx.readAll();
  ctx.bytes(bytes.length);
  const check = new Utf8Check((count, first) => ctx.invalidUtf8?.(count, first));
  check.feed(bytes);
  check.end();
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const damaged = text.match(/\uFFFD/g)?.length ?? 0;
  if (damaged) ctx.warn(`${damaged} character(s) in the file are U+FFFD (text damaged before or during export); they were kept as they are`);
  return text;
}

/**
 * The file's top-level JSON values: one for a document, one per non-empty line
 * for JSON Lines. A document that does not parse and is not JSON Lines either
 * is refused as a whole, naming where it broke; a bad line in JSON Lines is an
 * invalid record at its line.
 */
export function topLevelValues(ctx: ImportContext, text: string): Item[] {
  if (!text.trim()) throw new ImportProblem(`${ctx.file}: the file is empty`);
  let documentError: Error;
  try {
    return [{ value: parseExactJson(text), position: {} }];
  } catch (err) {
    documentError = err as Error;
  }
  const lines = text.split('\n');
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  let firstParses = false;
  try {
    JSON.parse(lines[firstIndex]!);
    firstParses = true;
  } catch {
    // not JSON Lines
  }
  if (!firstParses || nonEmpty < 2) {
    throw new ImportProblem(`${ctx.file}: not valid JSON ${describeJsonError(text, documentError)}`);
  }
  const items: Item[] = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    try {
      items.push({ value: parseExactJson(line), position: { line: i + 1 } });
    } catch (err) {
      ctx.invalid({ position: { line: i + 1 }, field: null, reason: `not valid JSON: ${(err as Error).message}` });
    }
  });
  return items;
}

/**
 * A top-level value's records: the elements of an array or of an OData list's
 * `value`, else the value itself. Positions number the records from 1.
 */
export function records(item: Item): Item[] {
  const v = item.value;
  const elements = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.value) ? (v.value as unknown[]) : null;
  if (!elements) return [{ value: v, position: item.position.line === undefined ? { ...item.position, record: 1 } : item.position }];
  return elements.map((value, i) => ({ value, position: { ...item.position, record: i + 1 } }));
}

/** Every record of the file, with a non-object reported as invalid at its position. */
export function objectRecords(ctx: ImportContext, items: Item[]): { value: Json; position: Position }[] {
  const out: { value: Json; position: Position }[] = [];
  for (const item of items.flatMap(records)) {
    const deep = nestingProblem(item.value, item.position);
    if (deep) ctx.invalid(deep);
    else if (isObject(item.value)) out.push({ value: item.value, position: item.position });
    else
      ctx.invalid({
        position: item.position,
        field: null,
        reason: `expected a JSON object, found ${Array.isArray(item.value) ? 'a list' : JSON.stringify(item.value)?.slice(0, 40)}`,
      });
  }
  return out;
}
