import { printParseErrorCode, visit } from 'jsonc-parser';

/**
 * Where a JSON document that JSON.parse refused goes wrong, said so that an
 * analyst can find it in an editor: "line 3, column 7 (byte 41): unexpected
 * "x": expected a value". V8's messages carry a position for some errors
 * only, so on the failure path jsonc-parser (the parser behind VS Code's JSON
 * support) reads the text again, strictly (no comments, no trailing commas),
 * and its first error is the one named. Used by every importer that reads a
 * whole JSON document (STIX, MISP, the Microsoft exports).
 */

export interface JsonErrorAt {
  /** Index into the text of the offending character (the text's length when it ends early). */
  index: number;
  /** 1-based, as an editor shows them. */
  line: number;
  column: number;
  reason: string;
  /** For an unterminated string: where it opened. */
  opened?: number;
}

const TRUNCATED = 'the document ends early (is the file truncated?)';

interface RawError {
  /** jsonc-parser's error code by name ('ValueExpected'): its enum is a const enum, which isolated modules cannot read. */
  code: string;
  offset: number;
  length: number;
  /** The open objects and lists at the error, innermost last ('{' or '['), and whether a whole document came before it. */
  open: string[];
  rootDone: boolean;
}

function firstError(text: string): RawError | null {
  const open: string[] = [];
  let rootDone = false;
  let found: RawError | null = null;
  const close = () => {
    open.pop();
    if (open.length === 0) rootDone = true;
  };
  visit(
    text,
    {
      onObjectBegin: () => void open.push('{'),
      onObjectEnd: close,
      onArrayBegin: () => void open.push('['),
      onArrayEnd: close,
      onLiteralValue: () => void (open.length === 0 && (rootDone = true)),
      onError: (code, offset, length) => {
        found ??= { code: printParseErrorCode(code), offset, length, open: [...open], rootDone };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return found;
}

/** What the character at `at` is, for a message: '"x"', or 'the end'. */
function charAt(text: string, at: number): string {
  return at < text.length ? JSON.stringify(text[at]) : 'the end';
}

/** An error inside a string token: the offending escape or character, found in the token. */
function insideString(text: string, e: RawError): { index: number; reason: string } | null {
  const token = text.slice(e.offset, e.offset + e.length);
  const at = (m: RegExpExecArray | null) => (m ? e.offset + m.index : e.offset);
  if (e.code === 'InvalidEscapeCharacter') {
    const m = /\\[^"\\/bfnrtu]/.exec(token);
    return { index: at(m), reason: m ? `"${m[0]}" is not a JSON escape` : 'a bad escape' };
  }
  if (e.code === 'InvalidUnicode') return { index: at(/\\u(?![0-9a-fA-F]{4})/.exec(token)), reason: 'a \\u escape needs four hex digits' };
  if (e.code === 'InvalidCharacter') {
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    return { index: at(/[\u0000-\u001f]/.exec(token)), reason: 'a control character (line break, tab...) inside a string must be escaped' };
  }
  if (e.code === 'UnexpectedEndOfString' && e.offset + e.length < text.length) {
    // jsonc-parser ends a string at a raw line break, which JSON does not allow.
    return { index: e.offset + e.length, reason: 'a control character (line break, tab...) inside a string must be escaped' };
  }
  return null;
}

/** What may follow `previous` (the last character before the error) inside `container`. */
function expectedAfter(previous: string | undefined, container: string | undefined): string {
  if (previous === undefined || previous === ':' || previous === '[') return 'a value';
  if (previous === '{') return 'a double-quoted property name';
  if (previous === ',') return container === '{' ? 'a double-quoted property name' : 'a value';
  return `',' or '${container === '[' ? ']' : '}'}'`;
}

function reasonFor(text: string, e: RawError): string {
  const here = charAt(text, e.offset);
  const container = e.open.at(-1);
  const previous = text.slice(0, e.offset).trimEnd().at(-1);
  switch (e.code) {
    case 'ValueExpected':
    case 'PropertyNameExpected':
      if (previous === ',' && (here === '"]"' || here === '"}"')) return `a trailing comma before '${text[e.offset]}'`;
      return e.code === 'ValueExpected' ? `unexpected ${here}: expected a value` : `unexpected ${here}: expected a double-quoted property name`;
    case 'ColonExpected':
      return `unexpected ${here}: expected ':' after the property name`;
    case 'CommaExpected':
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return `unexpected ${here}: expected ',' or '${container === '[' ? ']' : '}'}'`;
    case 'EndOfFileExpected':
      return 'unexpected text after the end of the JSON document';
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return 'not a valid number';
    case 'InvalidCommentToken':
    case 'InvalidSymbol':
      if (e.open.length === 0 && e.rootDone) return 'unexpected text after the end of the JSON document';
      return `unexpected character ${here}: expected ${expectedAfter(previous, container)}`;
    default:
      return `unexpected ${here}`;
  }
}

/** Whether the error is only the text running out: a document cut short, not a wrong character. */
function endsEarly(text: string, e: RawError): boolean {
  const end = text.trimEnd().length;
  if (e.offset >= end) return true;
  if (e.offset + e.length < end) return false;
  const token = text.slice(e.offset, end);
  if (e.code === 'UnexpectedEndOfString' || e.code === 'UnexpectedEndOfNumber') return true;
  return e.code === 'InvalidSymbol' && ['true', 'false', 'null'].some((w) => w.length > token.length && w.startsWith(token));
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** The first syntax error in `text`, or null when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorAt | null {
  const e = firstError(text);
  if (!e) return null;
  if (endsEarly(text, e)) {
    const opened = e.code === 'UnexpectedEndOfString' ? { opened: e.offset } : {};
    return { index: text.length, ...lineColumn(text, text.length), reason: TRUNCATED, ...opened };
  }
  const found = insideString(text, e) ?? { index: e.offset, reason: reasonFor(text, e) };
  return { ...found, ...lineColumn(text, found.index) };
}

/**
 * "at line 3, column 7 (byte 41): <reason>", for a text JSON.parse refused.
 * `leadingBytes` counts what was dropped before the text (a BOM), so that the
 * byte offset is the file's.
 */
export function describeJsonError(text: string, parseError: Error, leadingBytes = 0): string {
  const found = locateJsonError(text) ?? { index: text.length, ...lineColumn(text, text.length), reason: parseError.message.slice(0, 200) };
  const byte = leadingBytes + Buffer.byteLength(text.slice(0, found.index), 'utf8');
  const where = `at line ${found.line}, column ${found.column} (byte ${byte})`;
  if (found.opened === undefined) return `${where}: ${found.reason}`;
  const opened = lineColumn(text, found.opened);
  return `${where}: ${found.reason}; the string opened at line ${opened.line}, column ${opened.column} never closes`;
}
