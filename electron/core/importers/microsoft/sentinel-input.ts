import type { ImportContext } from '../types';
import { nestingProblem } from '../nesting';
import { ImportProblem, type InvalidRecord, type Position } from '../problems';
import { readLines } from '../text-lines';
import { readText } from './json-input';
import { describeJsonError } from '../json-error';
import { isObject, str, type Json } from './values';
import { dataObject } from '../data-object';
import { parseExactJson } from '../exact-json-parse';

/**
 * Sentinel files, read as units of work: an object (REST incident or alert,
 * one Log Analytics row) or a list of REST entities (linked to each other by
 * resource id, so they are resolved together). Lists are unwrapped from every
 * shape the APIs answer with: arrays, OData `{"value": [...]}`, the Log
 * Analytics query API's `{"tables": [{"columns", "rows"}]}`, advanced hunting's
 * `{"Schema", "Results"}`, and `{"entities": [...]}` from incidents/{id}/entities.
 *
 * JSON Lines are streamed (Log Analytics exports run to millions of rows);
 * a document is read whole. The file can be read more than once (`pass`).
 */

export type Unit = { kind: 'object'; value: Json; position: Position } | { kind: 'entities'; list: Json[]; position: Position };

export function isRestEntity(o: Json): boolean {
  return /SecurityInsights\/entities$/i.test(str(o.type)) || (typeof o.kind === 'string' && isObject(o.properties));
}

export const isRestAlert = (o: Json) => isRestEntity(o) && str(o.kind).toLowerCase() === 'securityalert';

export function isRestIncident(o: Json): boolean {
  return /SecurityInsights\/incidents$/i.test(str(o.type)) || (isObject(o.properties) && 'incidentNumber' in o.properties && 'title' in o.properties);
}

/** The rows of a query API answer as objects keyed by column name. */
type Invalid = (record: InvalidRecord) => void;

function tableRows(invalid: Invalid, tables: unknown[], base: Position, out: Unit[]): void {
  let n = 0;
  tables.forEach((t, ti) => {
    if (!isObject(t) || !Array.isArray(t.columns) || !Array.isArray(t.rows)) {
      invalid({ position: base, field: `tables[${ti}]`, reason: 'a table needs "columns" and "rows" lists' });
      return;
    }
    const names = t.columns.map((c, i) => (isObject(c) ? str(c.name ?? c.ColumnName) : str(c)) || `column${i + 1}`);
    for (const row of t.rows) {
      const position = { ...base, record: ++n };
      if (!Array.isArray(row) || row.length !== names.length) {
        invalid({ position, field: `tables[${ti}].rows`, reason: `a row needs ${names.length} values, one per column` });
        continue;
      }
      const o: Json = dataObject();
      names.forEach((name, i) => (o[name] = row[i]));
      out.push({ kind: 'object', value: o, position });
    }
  });
}

/** One top-level JSON value → its units. */
export function unitsOf(invalid: Invalid, value: unknown, base: Position): Unit[] {
  const out: Unit[] = [];
  let list: unknown[] | null = null;
  if (Array.isArray(value)) list = value;
  else if (isObject(value)) {
    if (Array.isArray(value.tables)) {
      tableRows(invalid, value.tables, base, out);
      return out;
    }
    list = [value.value, value.Results, value.results, value.entities].find(Array.isArray) ?? null;
  }
  if (!list) {
    const deep = nestingProblem(value, base.line === undefined ? { ...base, record: 1 } : base);
    if (deep) invalid(deep);
    else if (isObject(value)) out.push({ kind: 'object', value, position: base.line === undefined ? { ...base, record: 1 } : base });
    else invalid({ position: base, field: null, reason: 'expected a JSON object or list' });
    return out;
  }
  const entities: Json[] = [];
  list.forEach((v, i) => {
    const position = { ...base, record: i + 1 };
    const deep = nestingProblem(v, position);
    if (deep) invalid(deep);
    else if (!isObject(v)) invalid({ position, field: null, reason: 'expected a JSON object' });
    else if (isRestEntity(v) && !isRestAlert(v)) entities.push(v);
    else out.push({ kind: 'object', value: v, position });
  });
  if (entities.length) out.push({ kind: 'entities', list: entities, position: base });
  return out;
}

export interface SentinelInput {
  /** Calls `each` with every batch of units, in file order; `report` = report bytes and bad lines (the last pass). */
  read(each: (units: Unit[]) => Promise<void>, options: { report: boolean; lineFilter?: RegExp }): Promise<void>;
}

/** JSON Lines when the first non-blank line is a JSON value on its own, else one document. */
export async function openSentinelInput(ctx: ImportContext): Promise<SentinelInput> {
  let first: string | null = null;
  let longFirstLine = false;
  for await (const batch of readLines(
    ctx.open(),
    () => undefined,
    () => (longFirstLine = true),
  )) {
    first = batch.find((l) => l.text.trim())?.text ?? null;
    if (first !== null || longFirstLine) break;
  }
  let lines = !longFirstLine && first !== null;
  try {
    if (lines) JSON.parse(first!);
  } catch {
    lines = false;
  }
  if (lines) {
    return {
      async read(each, { report, lineFilter }) {
        const tooLong = (line: number) => report && ctx.invalid({ position: { line }, field: null, reason: 'the line is longer than 16 MiB' });
        for await (const batch of readLines(
          ctx.open(),
          (n) => report && ctx.bytes(n),
          tooLong,
          report ? (count, first) => ctx.invalidUtf8?.(count, first) : undefined,
        )) {
          const units: Unit[] = [];
          for (const { text, line } of batch) {
            if (!text.trim() || (lineFilter && !lineFilter.test(text))) continue;
            let value: unknown;
            try {
              value = parseExactJson(text);
            } catch (err) {
              if (report) ctx.invalid({ position: { line }, field: null, reason: `not valid JSON: ${(err as Error).message}` });
              continue;
            }
            units.push(...unitsOf(report ? (r) => ctx.invalid(r) : () => undefined, value, { line }));
          }
          await each(units);
        }
      },
    };
  }
  const text = await readText(ctx);
  if (!text.trim()) throw new ImportProblem(`${ctx.file}: the file is empty`);
  let doc: unknown;
  try {
    doc = parseExactJson(text);
  } catch (err) {
    throw new ImportProblem(`${ctx.file}: not valid JSON ${describeJsonError(text, err as Error)}`);
  }
  const units = unitsOf((r) => ctx.invalid(r), doc, {});
  return {
    async read(each) {
      for (let i = 0; i < units.length; i += 1000) await each(units.slice(i, i + 1000));
    },
  };
}
