/**
 * JSON.parse, except that a number a JavaScript number would round is kept as
 * its source text (a string): an integer beyond 2^53 (Suricata's 64-bit
 * flow_id, a FILETIME, an EventRecordID, nxlog's Keywords
 * -9223372036854775808) or a fraction of more than 15 significant digits (an
 * epoch time with microseconds, 1588316963.457737). Other numbers, which a
 * double holds exactly as written, stay numbers. Every JSON reader of the
 * importers parses with it.
 */

/** A run of 16 digits (possibly around a dot): the only text that can need quoting. */
const MAYBE_LONG = /\d[\d.]{15}/;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** An integer literal (no fraction or exponent) that a double holds exactly: up to 2^53 - 1 in size. */
function isSafeInteger(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return Number.isSafeInteger(Number(text.slice(from, to)));
}

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
      if (significantDigits(text, start, i) > 15 && !isSafeInteger(text, start, i)) {
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
  const quoted = quoteLongNumbers(text);
  if (quoted === text) return JSON.parse(text);
  try {
    return JSON.parse(quoted);
  } catch (err) {
    // Said at its place in the text as written, not in the quoted copy.
    JSON.parse(text);
    throw err;
  }
}
