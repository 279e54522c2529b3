import { decodeChunks, MAX_RECORD_CHARS } from './text-lines';
import { ImportProblem } from './problems';

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
 */
export async function* readCsv(chunks: AsyncIterable<Buffer>, options: CsvOptions): AsyncGenerator<CsvRecord[]> {
  const delim = options.delimiter ?? ',';
  let carry = '';
  let lineNo = 1;
  let skipping = false;

  const parse = function* (buf: string, final: boolean): Generator<CsvRecord, number> {
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf('\n', pos);
      if (skipping) {
        if (nl === -1) return buf.length;
        skipping = false;
        lineNo++;
        pos = nl + 1;
        continue;
      }
      const quote = buf.indexOf('"', pos);
      if (quote === -1 || (nl !== -1 && quote > nl)) {
        // No quote in this line: the fast path.
        if (nl === -1 && !final) return pos;
        const end = nl === -1 ? buf.length : nl;
        const lineEnd = end > pos && buf.charCodeAt(end - 1) === 13 ? end - 1 : end;
        const text = buf.slice(pos, lineEnd);
        yield { fields: text.split(delim), line: lineNo, text };
        lineNo++;
        pos = end + 1;
        continue;
      }
      // A quoted field somewhere in this record: walk it character by character.
      const result = parseQuoted(buf, pos, delim, final);
      if (!result) {
        if (final) throw new ImportProblem(`${options.file}: line ${lineNo}: a quoted field is never closed (unterminated quote)`);
        return pos;
      }
      yield { fields: result.fields, line: lineNo };
      lineNo += result.newlines + 1;
      pos = result.next;
    }
    return pos;
  };

  for await (const { text, bytes } of decodeChunks(chunks)) {
    options.onBytes?.(bytes);
    const buf = carry + text;
    let batch: CsvRecord[] = [];
    const it = parse(buf, false);
    let step = it.next();
    while (!step.done) {
      batch.push(step.value);
      if (batch.length >= BATCH_RECORDS) {
        yield batch;
        batch = [];
      }
      step = it.next();
    }
    carry = buf.slice(step.value);
    if (carry.length > MAX_RECORD_CHARS) {
      options.onTooLong?.(lineNo);
      if (!options.onTooLong) throw new ImportProblem(`${options.file}: line ${lineNo}: record longer than ${MAX_RECORD_CHARS} characters`);
      // Count the newlines inside the dropped text so later line numbers stay right.
      for (let i = carry.indexOf('\n'); i !== -1; i = carry.indexOf('\n', i + 1)) lineNo++;
      skipping = true;
      carry = '';
    }
    if (batch.length) yield batch;
  }
  if (carry.length) {
    const batch: CsvRecord[] = [];
    for (const record of { [Symbol.iterator]: () => parse(carry, true) }) batch.push(record);
    if (batch.length) yield batch;
  }
}

/** Parses one record that contains quotes, starting at `start`; null when the buffer ends inside it. */
function parseQuoted(buf: string, start: number, delim: string, final: boolean): { fields: string[]; next: number; newlines: number } | null {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let newlines = 0;
  const d = delim.charCodeAt(0);
  for (;;) {
    if (i >= buf.length) {
      if (!final) return null;
      fields.push(field);
      return { fields, next: i, newlines };
    }
    let c = buf.charCodeAt(i);
    if (c === 34 /* " */ && field === '') {
      // Quoted field: up to the closing quote; "" is a literal quote.
      i++;
      let segStart = i;
      for (;;) {
        const q = buf.indexOf('"', i);
        if (q === -1) return null;
        for (let k = buf.indexOf('\n', i); k !== -1 && k < q; k = buf.indexOf('\n', k + 1)) newlines++;
        if (buf.charCodeAt(q + 1) === 34) {
          field += buf.slice(segStart, q + 1);
          i = q + 2;
          segStart = i;
          continue;
        }
        if (q + 1 >= buf.length && !final) return null;
        field += buf.slice(segStart, q);
        i = q + 1;
        break;
      }
      // Text after the closing quote up to the delimiter is kept (lenient, like most exporters' readers).
      c = buf.charCodeAt(i);
      while (i < buf.length && c !== d && c !== 10 && c !== 13) {
        field += buf[i];
        c = buf.charCodeAt(++i);
      }
      continue;
    }
    if (c === d) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === 13 && buf.charCodeAt(i + 1) === 10) {
      fields.push(field);
      return { fields, next: i + 2, newlines };
    }
    if (c === 13 && i + 1 >= buf.length && !final) return null;
    if (c === 10) {
      fields.push(field);
      return { fields, next: i + 1, newlines };
    }
    field += buf[i];
    i++;
  }
}
