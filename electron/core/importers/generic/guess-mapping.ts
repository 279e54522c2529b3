import type { ColumnMapping, ImportFormat } from '../../../../shared/domain/import';
import type { Sample } from '../types';
import { readCsv } from '../csv-reader';
import { parseEpoch, parseIsoTime } from '../time';
import { detectDelimiter } from './delimiter';
import { text, valueAt, type Row } from './mapped-row';
import { compileTimePattern } from './time-pattern';

/**
 * A first guess at the column mapping of a file nobody described, for the
 * preview to offer (the user confirms or corrects it before importing):
 * the time is the first column named like a time whose first values parse
 * (or else the first column of ISO date-times), the message a column named
 * like one or else the longest text column.
 */

const TIME_NAME = /time|date|@timestamp|ts/i;
const MESSAGE_NAME = /^(message|msg|description|details|desc|summary|text)$/i;
const NAMED: [keyof Omit<ColumnMapping, 'time' | 'timeFormat' | 'message'>, RegExp][] = [
  ['host', /^(host|hostname|host_name|computer|computer_?name|device|device_?name|machine)$/i],
  ['user', /^(user|user_?name|account|account_?name|user_?id)$/i],
  ['source', /^(source|source_?name|log|log_?name|channel|provider)$/i],
  ['timestampDesc', /^(timestamp_desc|timestampdesc|time_desc)$/i],
  ['tags', /^(tags?|labels?)$/i],
];
/** Formats tried on a time column's values, after ISO and epoch. */
const PATTERNS = [
  'YYYY/MM/DD HH:mm:ss',
  'DD/MM/YYYY HH:mm:ss',
  'MM/DD/YYYY HH:mm:ss',
  'MM/DD/YYYY hh:mm:ss A',
  'M/D/YYYY h:mm:ss A',
  'DD.MM.YYYY HH:mm:ss',
  'DD/MMM/YYYY:HH:mm:ss Z',
  'MMM D YYYY HH:mm:ss',
];
/** Epoch values before this (µs; March 1973) are counters, not times. */
const EARLIEST_EPOCH_US = 1e14;

function formatOf(values: string[]): string | null {
  if (values.every((v) => !/^\d+(\.\d+)?$/.test(v) && parseIsoTime(v, 'UTC') !== null)) return 'iso';
  if (values.every((v) => /^\d+(\.\d+)?$/.test(v) && (parseEpoch(v) ?? 0) >= EARLIEST_EPOCH_US)) return 'epoch';
  for (const pattern of PATTERNS) {
    const parse = compileTimePattern(pattern);
    if (values.every((v) => parse(v) !== null)) return pattern;
  }
  return null;
}

export function guessMapping(columns: string[], firstRows: Row[]): ColumnMapping | null {
  const valuesOf = (c: string) =>
    firstRows
      .map((r) => text(valueAt(r, c)).trim())
      .filter(Boolean)
      .slice(0, 20);
  let time: { column: string; format: string } | null = null;
  for (const column of columns) {
    if (!TIME_NAME.test(column)) continue;
    const values = valuesOf(column);
    const format = values.length ? formatOf(values) : null;
    if (format) {
      time = { column, format };
      break;
    }
  }
  // No column is named like a time: a column of full ISO date-times is one whatever its name ("When").
  for (const column of time ? [] : columns) {
    const values = valuesOf(column);
    if (values.length && values.every((v) => /\d[T ]\d{2}:\d{2}/.test(v)) && formatOf(values) === 'iso') {
      time = { column, format: 'iso' };
      break;
    }
  }
  if (!time) return null;

  const mapping: ColumnMapping = { time: time.column, timeFormat: time.format, message: [] };
  const taken = new Set([time.column]);
  for (const [field, re] of NAMED) {
    const column = columns.find((c) => re.test(c) && !taken.has(c));
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  let message = columns.find((c) => MESSAGE_NAME.test(c) && !taken.has(c));
  if (!message) {
    // The longest text column: free text is what a person reads first.
    let longest = 0;
    for (const c of columns) {
      if (taken.has(c)) continue;
      const values = valuesOf(c);
      if (!values.length || values.every((v) => /^-?\d+(\.\d+)?$/.test(v))) continue;
      const average = values.reduce((sum, v) => sum + v.length, 0) / values.length;
      if (average > longest) {
        longest = average;
        message = c;
      }
    }
  }
  if (message) mapping.message = [message];
  return mapping;
}

/** Column names of JSON rows: top-level keys, and dotted paths to the leaves of nested objects. */
export function jsonColumns(rows: Row[]): string[] {
  const names = new Set<string>();
  const walk = (o: Row, prefix: string, depth: number) => {
    for (const key in o) {
      const v = o[key];
      if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) walk(v as Row, `${prefix}${key}.`, depth + 1);
      else names.add(prefix + key);
    }
  };
  for (const row of rows) walk(row, '', 0);
  return [...names];
}

/** The first rows of a generic file's sample, and its columns. */
async function sampleRows(format: ImportFormat, sample: Sample): Promise<{ columns: string[]; rows: Row[] }> {
  if (format === 'generic-jsonl') {
    const rows: Row[] = [];
    for (const line of sample.text.split('\n').slice(0, 50)) {
      try {
        const row = JSON.parse(line) as unknown;
        if (row && typeof row === 'object' && !Array.isArray(row)) rows.push(row as Row);
      } catch {
        // A partial last line, or a bad one: the guess uses the rest.
      }
    }
    return { columns: jsonColumns(rows), rows };
  }
  const delimiter = detectDelimiter(sample.text) ?? ',';
  const records: string[][] = [];
  try {
    const one = (async function* () {
      yield Buffer.from(sample.text, 'utf8');
    })();
    for await (const batch of readCsv(one, { file: sample.name, delimiter })) {
      records.push(...batch.map((r) => r.fields));
      if (records.length > 50) break;
    }
  } catch {
    // The sample ends inside a quoted field: the records before it are enough.
  }
  // A sample that stops before the end of the file stops mid-record: that last one is partial.
  if (sample.size > sample.head.length && records.length > 2) records.pop();
  const [header, ...data] = records;
  if (!header) return { columns: [], rows: [] };
  const columns = header.map((h) => h.trim());
  return { columns, rows: data.map((fields) => Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? '']))) };
}

/** The guessed mapping for a generic CSV/JSONL file, from its sample; null when no time column is recognisable. */
export async function guessMappingForSample(format: ImportFormat, sample: Sample): Promise<ColumnMapping | null> {
  if (format !== 'generic-csv' && format !== 'generic-jsonl') return null;
  const { columns, rows } = await sampleRows(format, sample);
  return guessMapping(columns, rows);
}
