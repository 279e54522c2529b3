/**
 * Tokens of the STIX 2.1 patterning language (STIX 2.1 part 9). Keywords are
 * not distinguished here: they are words, and the parser decides by position
 * whether a word is an object type, a property or an operator, so a property
 * named like a keyword still parses.
 */

export class PatternSyntaxError extends Error {
  constructor(
    /** 0-based index into the pattern text. */
    readonly index: number,
    readonly reason: string,
  ) {
    super(`pattern syntax error at character ${index + 1}: ${reason}`);
  }
}

export type TokenKind =
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'colon'
  | 'dot'
  | 'comma'
  | 'star'
  | 'operator'
  | 'string'
  | 'number'
  | 'word'
  /** t'...', b'...', h'...': timestamp, base64 binary, hex binary. */
  | 'typed'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: without quotes, escapes resolved). */
  text: string;
  /** For 'typed': 't', 'b' or 'h'. */
  prefix?: string;
  index: number;
}

const PUNCTUATION: Record<string, TokenKind> = {
  '[': 'lbracket',
  ']': 'rbracket',
  '(': 'lparen',
  ')': 'rparen',
  ':': 'colon',
  '.': 'dot',
  ',': 'comma',
  '*': 'star',
};

const isWordStart = (c: string) => /[A-Za-z_]/.test(c);
const isWordPart = (c: string) => /[A-Za-z0-9_-]/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Reads a quoted string starting at `start` (the quote); returns its value and the index after the closing quote. */
function readString(pattern: string, start: number): { value: string; next: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= pattern.length) throw new PatternSyntaxError(start, 'the string that starts here has no closing quote');
    const c = pattern[i]!;
    if (c === "'") return { value, next: i + 1 };
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === "'" || e === '\\') {
        value += e;
        i += 2;
        continue;
      }
      throw new PatternSyntaxError(i, `"\\${e ?? ''}" is not an escape STIX strings allow (only \\' and \\\\)`);
    }
    value += c;
    i++;
  }
}

export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const punct = PUNCTUATION[c];
    if (punct) {
      tokens.push({ kind: punct, text: c, index: i });
      i++;
      continue;
    }
    if (c === "'") {
      const { value, next } = readString(pattern, i);
      tokens.push({ kind: 'string', text: value, index: i });
      i = next;
      continue;
    }
    const two = pattern.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'operator', text: two === '==' ? '=' : two === '<>' ? '!=' : two, index: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'operator', text: c, index: i });
      i++;
      continue;
    }
    if (isDigit(c) || ((c === '-' || c === '+') && isDigit(pattern[i + 1]))) {
      const m = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(pattern.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], index: i });
      i += m[0].length;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < pattern.length && isWordPart(pattern[j]!)) j++;
      const word = pattern.slice(i, j);
      if ((word === 't' || word === 'b' || word === 'h') && pattern[j] === "'") {
        const { value, next } = readString(pattern, j);
        tokens.push({ kind: 'typed', prefix: word, text: value, index: i });
        i = next;
        continue;
      }
      tokens.push({ kind: 'word', text: word, index: i });
      i = j;
      continue;
    }
    if (c === '"') throw new PatternSyntaxError(i, 'STIX pattern strings are quoted with single quotes, not double quotes');
    throw new PatternSyntaxError(i, `unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'end', text: '', index: pattern.length });
  return tokens;
}
