import { decodeChunks, MAX_RECORD_CHARS } from './text-lines';
import { ImportProblem, type InvalidRecord } from './problems';
import { dataObject } from './data-object';
import { QuotedRecord } from './csv-quoted';
import type { InvalidUtf8Sink } from './utf8-check';

/** One CSV record with the physical line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
  /**
   * The record's text when it holds no quote (the usual case): its fields are
   * then exactly text.split(delimiter), so an importer may keep a run of them
   * as they were written (see AttributesJsonWriter's segments).
   */
  text?: string;
}

export interface CsvOptions {
  delimiter?: string;
  /** File name for error messages. */
  file: string;
  onBytes?: (bytes: number) => void;
  /** A record longer than MAX_RECORD_CHARS: reported, skipped, never held whole. */
  onTooLong?: (line: number) => void;
  /** Told, at the end, how many invalid UTF-8 sequences the bytes held and where the first was. */
  invalidUtf8?: InvalidUtf8Sink;
}

/**
 * Records per batch: small, so the records alive at any moment (those parsed
 * but not yet consumed) are few and the garbage collector copies little.
 */
const BATCH_RECORDS = 256;

/**
 * RFC 4180 CSV, streaming, in batches: quoted fields with embedded delimiters,
 * doubled quotes and line breaks; LF or CRLF. Lines without a quote take a
 * fast path (String.split). An unterminated quote is an error naming the line
 * where the field began.
 *
 * Every character is looked at a bounded number of times: the next quote and
 * line break are searched for once and remembered, and a quoted record that
 * runs past the end of a piece of input goes on where it stopped
 * (csv-quoted.ts) instead of being read again from its start. Each piece of
 * input ends in a batch, empty or not, so the importer's checkpoint (and a
 * cancel) comes at least once per piece even inside a 16 MiB record.
 */
export async function* readCsv(chunks: AsyncIterable<Buffer>, options: CsvOptions): AsyncGenerator<CsvRecord[]> {
  const delim = options.delimiter ?? ',';
  const delimCode = delim.charCodeAt(0);
  /** Text of a record not yet complete at the end of the last piece: a line without quotes, or the 1 character a quoted record needs to look past. */
  let carry = '';
  /** The carry is the start of a line with no quote and no line break: the searches for them go on after it. */
  let carryClean = false;
  let open: QuotedRecord | null = null;
  let lineNo = 1;
  let skipping = false;
  let batch: CsvRecord[] = [];

  const unterminated = (line: number) => new ImportProblem(`${options.file}: line ${line}: a quoted field is never closed (unterminated quote)`);

  /** A quoted record done: handed out, line count moved past its line breaks. */
  const closeOpen = (record: QuotedRecord) => {
    batch.push({ fields: record.fields, line: record.line });
    lineNo = record.line + record.newlines + 1;
    open = null;
  };

  // Next line break and quote in the current piece at or after the reading position (-1: none left; -2: not searched yet).
  let nl = -2;
  let quote = -2;

  /** Reads the records of `buf` from `pos`; returns where it stopped: a full batch, or the text to carry to the next piece. */
  const parse = (buf: string, from: number, final: boolean): number => {
    let pos = from;
    if (open) {
      const record: QuotedRecord = open;
      const end = record.read(buf, 0, final);
      if (!record.complete) {
        if (final) throw unterminated(record.line);
        return end;
      }
      closeOpen(record);
      pos = end;
    }
    while (pos < buf.length) {
      if (nl !== -1 && nl < pos) nl = buf.indexOf('\n', pos);
      if (skipping) {
        if (nl === -1) return buf.length;
        skipping = false;
        lineNo++;
        pos = nl + 1;
        continue;
      }
      if (quote !== -1 && quote < pos) quote = buf.indexOf('"', pos);
      if (quote === -1 || (nl !== -1 && quote > nl)) {
        // No quote in this line: the fast path.
        if (nl === -1 && !final) {
          carryClean = true;
          return pos;
        }
        const end = nl === -1 ? buf.length : nl;
        const lineEnd = end > pos && buf.charCodeAt(end - 1) === 13 ? end - 1 : end;
        const text = buf.slice(pos, lineEnd);
        batch.push({ fields: text.split(delim), line: lineNo, text });
        lineNo++;
        pos = end + 1;
        if (batch.length >= BATCH_RECORDS) return pos;
        continue;
      }
      // A quote somewhere in this record: read it field by field.
      const record = new QuotedRecord(lineNo, delimCode);
      const end = record.read(buf, pos, final);
      if (!record.complete) {
        if (final) throw unterminated(record.line);
        open = record;
        return end;
      }
      closeOpen(record);
      pos = end;
      if (batch.length >= BATCH_RECORDS) return pos;
    }
    return pos;
  };

  /** Drops a record that grew past MAX_RECORD_CHARS: reported at its first line, the rest of its last line skipped. */
  const dropTooLong = () => {
    const line = open ? open.line : lineNo;
    options.onTooLong?.(line);
    if (!options.onTooLong) throw new ImportProblem(`${options.file}: line ${line}: record longer than ${MAX_RECORD_CHARS} characters`);
    if (open) lineNo = open.line + open.newlines;
    open = null;
    skipping = true;
    carry = '';
    carryClean = false;
  };

  for await (const { text, bytes } of decodeChunks(chunks, options.invalidUtf8)) {
    options.onBytes?.(bytes);
    const buf = carry + text;
    nl = quote = -2;
    if (carryClean) {
      // The carried text holds neither: look after it.
      nl = buf.indexOf('\n', carry.length);
      quote = buf.indexOf('"', carry.length);
      carryClean = false;
    }
    carry = '';
    // parse() stops early when a batch is full, so the records alive at once stay few.
    for (let pos = 0; ;) {
      pos = parse(buf, pos, false);
      if (batch.length >= BATCH_RECORDS) {
        yield batch;
        batch = [];
      }
      if (pos >= buf.length || open || carryClean) {
        carry = buf.slice(pos);
        break;
      }
    }
    // parse() sets `open` inside its closure, where the compiler cannot see it.
    const pending = open as QuotedRecord | null;
    const held = carry.length + (pending ? pending.chars : 0);
    if (held > MAX_RECORD_CHARS) dropTooLong();
    yield batch;
    batch = [];
  }
  if (carry.length || open) {
    const buf = carry;
    nl = quote = -2;
    carryClean = false;
    for (let pos = 0; pos < buf.length || open;) pos = parse(buf, pos, true);
  }
  if (batch.length) yield batch;
}

/**
 * A data record as an object keyed by the header's names, or null: a blank
 * line is passed over, and a record whose field count differs from the
 * header's is reported as invalid at its line.
 */
export function csvRowObject(header: readonly string[], record: CsvRecord, invalid: (record: InvalidRecord) => void): Record<string, string> | null {
  if (record.fields.length === 1 && record.fields[0] === '') return null;
  if (record.fields.length !== header.length) {
    invalid({ position: { line: record.line }, field: null, reason: `has ${record.fields.length} fields, the header has ${header.length}` });
    return null;
  }
  const row = dataObject() as Record<string, string>;
  for (let i = 0; i < header.length; i++) row[header[i]!] = record.fields[i]!;
  return row;
}
