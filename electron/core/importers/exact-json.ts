import { jsonObjectAt, type InvalidRecord } from './problems';
import { MAX_RECORD_CHARS, readLines } from './text-lines';

/**
 * JSON.parse, except that a number with more than 15 significant digits is
 * kept as its source text (a string): a JavaScript number would round
 * Suricata's 64-bit flow_id or a 16-digit epoch time with microseconds
 * (1588316963.457737) in its last digits. Shorter numbers, which a double
 * holds exactly as written, stay numbers.
 */

/** A run of 16 digits (possibly around a dot): the only text that can need quoting. */
const MAYBE_LONG = /\d[\d.]{15}/;

const isDigit = (c: number) => c >= 48 && c <= 57;

function significantDigits(text: string, from: number, to: number): number {
  let n = 0;
  let leading = true;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) break; // e, E: the exponent's digits do not count
    if (!isDigit(c)) continue;
    if (leading && c === 48) continue;
    leading = false;
    n++;
  }
  return n;
}

/** The text with every over-long number literal outside strings put in quotes. */
export function quoteLongNumbers(text: string): string {
  if (!MAYBE_LONG.test(text)) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote, past escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 || isDigit(c)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isDigit(d) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      if (significantDigits(text, start, i) > 15) {
        out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
        copied = i;
      }
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export function parseExactJson(text: string): unknown {
  return JSON.parse(quoteLongNumbers(text));
}

type ObjectSink = (object: Record<string, unknown>, line: number) => void;
interface ReadContext {
  invalid(record: InvalidRecord): void;
  checkpoint(): Promise<void>;
}

/**
 * Records of JSON text (lines, or whole objects over several lines) read with
 * parseExactJson: each object handed to `onObject` with the line it starts
 * on. A record that is not JSON or not an object is an invalid record at its
 * line, and reading goes on; blank records are passed over.
 */
export async function eachExactJsonObject(records: AsyncIterable<{ text: string; line: number }[]>, ctx: ReadContext, onObject: ObjectSink): Promise<void> {
  for await (const batch of records) {
    for (const { text, line } of batch) {
      if (!text.trim()) continue;
      const object = jsonObjectAt(text, line, (r) => ctx.invalid(r), parseExactJson);
      if (object) onObject(object, line);
    }
    await ctx.checkpoint();
  }
}

/** JSON Lines: each non-blank line one object; a line too long is an invalid record at its line. */
export function eachExactJsonLine(chunks: AsyncIterable<Buffer>, ctx: ReadContext, onObject: ObjectSink): Promise<void> {
  const tooLong = (line: number) =>
    ctx.invalid({ position: { line }, field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  return eachExactJsonObject(readLines(chunks, () => undefined, tooLong), ctx, onObject);
}
