import { ImportProblem } from '../problems';
import { Utf8Check, type InvalidUtf8Sink } from '../utf8-check';
import { parseExactJson } from '../exact-json-parse';

/**
 * Whole-document JSON (STIX bundles, MISP events). JSON.parse says where it
 * failed only for some errors ("Unexpected token 'x'" carries no position in
 * V8), so on failure a small validator walks the text again to find the first
 * offending character and the error names its line, column and byte offset.
 */

export interface JsonErrorAt {
  /** Index into the decoded text. */
  index: number;
  reason: string;
  /** For an unterminated string: where it opened. */
  opened?: number;
}

export function parseJsonDocument(bytes: Buffer, file: string, invalidUtf8?: InvalidUtf8Sink): unknown {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (invalidUtf8) {
    const check = new Utf8Check(invalidUtf8);
    check.feed(bytes);
    check.end();
  }
  const text = bytes.toString('utf8', bom);
  if (!text.trim()) throw new ImportProblem(`${file}: the file is empty`);
  try {
    return parseExactJson(text);
  } catch (err) {
    const found = locateJsonError(text) ?? { index: text.length, reason: (err as Error).message };
    const opened = found.opened === undefined ? '' : `; the string opened at ${lineColumn(text, found.opened)} never closes`;
    throw new ImportProblem(`${file}: not valid JSON at ${describeIndex(text, found.index, bom)}: ${found.reason}${opened}`);
  }
}

/** "line 3, column 7": 1-based. */
function lineColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

/** "line 3, column 7 (byte 41)": 1-based line and column, 0-based byte offset in the file. */
export function describeIndex(text: string, index: number, leadingBytes = 0): string {
  return `${lineColumn(text, index)} (byte ${leadingBytes + Buffer.byteLength(text.slice(0, index), 'utf8')})`;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const TRUNCATED = 'the document ends early (is the file truncated?)';

/** The first syntax error in `text`, or null when it is valid JSON. Iterative: deep nesting cannot overflow the stack. */
export function locateJsonError(text: string): JsonErrorAt | null {
  const n = text.length;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const ws = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (reason: string, at = i): JsonErrorAt => (at >= n ? { index: n, reason: TRUNCATED } : { index: at, reason });

  const string = (): JsonErrorAt | null => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) return { index: n, reason: TRUNCATED, opened: start };
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) return fail('', n);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a \\u escape needs four hex digits', i);
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) i += 2;
        else return fail(`"\\${e}" is not a JSON escape`, i);
        continue;
      }
      if (c < 0x20) return fail('a control character (line break, tab...) inside a string must be escaped', i);
      i++;
    }
  };

  const scalar = (): JsonErrorAt | null => {
    const c = text[i];
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) return fail('not a valid number');
      i += m[0].length;
      return null;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
      if (i + word.length > n && word.startsWith(text.slice(i))) return fail('', n);
    }
    return fail(c === undefined ? '' : `unexpected character ${JSON.stringify(c)}: expected a value`);
  };

  for (;;) {
    ws();
    if (state === 'value') {
      if (i >= n) return fail('', n);
      const c = text.charCodeAt(i);
      if (c === 0x7b || c === 0x5b) {
        stack.push(c);
        i++;
        ws();
        if (text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
          stack.pop();
          i++;
          state = 'after';
        } else state = c === 0x7b ? 'key' : 'value';
        continue;
      }
      const problem = scalar();
      if (problem) return problem;
      state = 'after';
    } else if (state === 'key') {
      if (text[i] !== '"') return fail(`unexpected ${JSON.stringify(text[i])}: expected a double-quoted property name`);
      const problem = string();
      if (problem) return problem;
      ws();
      if (text[i] !== ':') return fail(`unexpected ${JSON.stringify(text[i])}: expected ':' after the property name`);
      i++;
      state = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i < n ? fail('unexpected text after the end of the JSON document') : null;
      const c = text[i];
      if (c === ',') {
        i++;
        state = top === 0x7b ? 'key' : 'value';
        if (top === 0x7b) {
          ws();
          if (text[i] === '}') return fail("a trailing comma before '}'");
        } else {
          ws();
          if (text[i] === ']') return fail("a trailing comma before ']'");
        }
      } else if ((c === '}' && top === 0x7b) || (c === ']' && top === 0x5b)) {
        stack.pop();
        i++;
      } else {
        return fail(`unexpected ${JSON.stringify(c)}: expected ',' or '${top === 0x7b ? '}' : ']'}'`);
      }
    }
  }
}
