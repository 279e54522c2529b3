import { ImportProblem } from './problems';
import { MAX_RECORD_CHARS } from './text-lines';

/**
 * The items of one JSON array, read from a stream of text as it arrives: the
 * text of each item is cut out by a scan that follows only strings and
 * brackets, and parsed alone. Memory holds one item at a time, whatever the
 * array's size (parsing a 240 MB array whole took a process past its heap
 * and aborted it). An item longer than MAX_RECORD_CHARS is reported by its
 * number and skipped without being held; the array's own structure (its
 * brackets, what follows it) is checked here, each item's syntax by JSON.parse.
 */

export interface ArrayItem {
  /** The item's JSON text. */
  text: string;
  /** 1-based. */
  record: number;
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const COMMA = 0x2c;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Yields the items of the array `texts` holds, a batch per piece of text.
 * `where` names the input in errors (file, entry); `onTooLong` hears of items skipped for their size.
 */
export async function* jsonArrayItems(texts: AsyncIterable<string>, where: string, onTooLong: (record: number) => void): AsyncGenerator<ArrayItem[]> {
  // 'first': just after '[' (where ']' may close an empty array); 'between': after ','.
  let state = 'before' as 'before' | 'first' | 'between' | 'item' | 'after';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let record = 0;
  // The current item's pieces, joined when it ends (linear in its length), or null while a too-long one is skipped.
  let pieces: string[] | null = [];
  let length = 0;
  let consumed = 0;

  const fail = (what: string, at: number): never => {
    throw new ImportProblem(`${where}: ${what} (character ${consumed + at}); the JSON array is damaged`);
  };

  for await (const text of texts) {
    const batch: ArrayItem[] = [];
    let start = state === 'item' ? 0 : -1;
    const keep = (end: number) => {
      if (pieces === null || start < 0 || end <= start) return;
      length += end - start;
      if (length > MAX_RECORD_CHARS) {
        onTooLong(record);
        pieces = null;
      } else pieces.push(text.slice(start, end));
    };
    const finish = (end: number) => {
      keep(end);
      if (pieces !== null) batch.push({ text: pieces.join(''), record });
      pieces = [];
      length = 0;
      start = -1;
    };

    // Where the next quote and backslash of this piece are (-1: none): a string is skipped by these, not character by character.
    let nextQuote = -2;
    let nextBackslash = -2;
    for (let i = 0; i < text.length; i++) {
      if (state === 'item' && inString) {
        if (escaped) {
          escaped = false;
          continue;
        }
        if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = text.indexOf('\\', i);
        if (nextBackslash !== -1 && (nextBackslash < nextQuote || nextQuote === -1)) {
          i = nextBackslash;
          escaped = true;
        } else if (nextQuote !== -1) {
          i = nextQuote;
          inString = false;
        } else i = text.length;
        continue;
      }
      const c = text.charCodeAt(i);
      if (state === 'item') {
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || (c === CLOSE_BRACKET && depth > 0)) {
          if (--depth < 0) fail(`item ${record} closes more brackets than it opens`, i);
        } else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
          finish(i);
          state = c === COMMA ? 'between' : 'after';
        }
        continue;
      }
      if (isSpace(c) || (c === 0xfeff && state === 'before' && consumed + i === 0)) continue;
      if (state === 'before') {
        if (c !== OPEN_BRACKET) fail('not a JSON array', i);
        state = 'first';
      } else if (state === 'first' || state === 'between') {
        if (c === CLOSE_BRACKET && state === 'first') {
          state = 'after';
          continue;
        }
        if (c === COMMA || c === CLOSE_BRACKET) fail(`item ${record + 1} is missing`, i);
        state = 'item';
        record++;
        start = i;
        // The item's first character is read again as part of it.
        i--;
      } else fail('text after the end of the array', i);
    }
    if (state === 'item') keep(text.length);
    consumed += text.length;
    if (batch.length) yield batch;
  }
  if (state !== 'after') throw new ImportProblem(`${where}: the JSON array is never closed (after ${record} items): it is truncated`);
}
