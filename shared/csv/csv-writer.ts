/**
 * The one CSV writer of every CSV Casebook writes (table exports, the timeline
 * export, runbooks): RFC 4180 (fields with a comma, a double quote, CR or LF
 * are quoted, quotes doubled; records end with CRLF) and safe to open in a
 * spreadsheet: a cell that a spreadsheet would read as a formula (one starting
 * with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, the
 * OWASP "CSV injection" defence, so `=HYPERLINK(...)` from a hostile log shows
 * as text instead of running. Plain TypeScript: the engine and the renderer use it.
 */

/** What starts a formula in Excel, LibreOffice and Google Sheets (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A value as one CSV field. Numbers are written as they are (a negative number
 * stays a number, not a neutralised formula); null and undefined are empty;
 * other values are their text (objects as JSON).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record: its fields joined by commas, ended with CRLF (RFC 4180). */
export function csvRecord(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvField(values[i]);
  return `${line}\r\n`;
}

/** One column of a table written as CSV: its header and how to read it from a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => unknown;
}

/** A whole table, header first, as one string (for tables that fit in memory; stream csvRecord for others). */
export function csvTable<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  const out = [csvRecord(columns.map((c) => c.header))];
  for (const row of rows) out.push(csvRecord(columns.map((c) => c.value(row))));
  return out.join('');
}
