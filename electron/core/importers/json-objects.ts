import { decodeChunks, MAX_RECORD_CHARS } from './text-lines';

/**
 * Top-level JSON objects one after another, however they are laid out: one
 * per line (JSON Lines) or pretty-printed over many lines and simply
 * concatenated (what `hayabusa json-timeline` writes without -L). Each comes
 * with the line it starts on. Text between objects that is not white space
 * is handed out as it stands (the caller reports it as not JSON); an object
 * longer than MAX_RECORD_CHARS is reported by `onTooLong` and skipped.
 */
export async function* jsonObjects(chunks: AsyncIterable<Buffer>, onTooLong: (line: number) => void): AsyncGenerator<{ text: string; line: number }[]> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1; // where the current object starts in `pending` (-1: between objects)
  let startLine = 1;
  let pending = '';
  let skipping = false;
  let stray = ''; // text between objects
  for await (const { text } of decodeChunks(chunks)) {
    const batch: { text: string; line: number }[] = [];
    const base = pending.length;
    pending += text;
    for (let i = base; i < pending.length; i++) {
      const c = pending.charCodeAt(i);
      if (c === 10) line++;
      if (depth === 0) {
        if (c === 123) {
          if (stray.trim()) batch.push({ text: stray.trim(), line: startLine });
          stray = '';
          depth = 1;
          start = i;
          startLine = line;
          skipping = false;
        } else if (c === 10) {
          // Stray text ends with its line.
          if (stray.trim()) batch.push({ text: stray.trim(), line: line - 1 });
          stray = '';
        } else if (c === 13 || c === 32 || c === 9) {
          if (stray) stray += pending[i];
        } else {
          if (!stray) startLine = line;
          stray += pending[i];
        }
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          if (!skipping) batch.push({ text: pending.slice(start, i + 1), line: startLine });
          start = -1;
        }
      }
    }
    if (start >= 0) {
      pending = pending.slice(start);
      start = 0;
      if (pending.length > MAX_RECORD_CHARS && !skipping) {
        onTooLong(startLine);
        skipping = true;
      }
      if (skipping) {
        // Keep scanning for the object's end without holding its text.
        pending = '';
        start = 0;
      }
    } else pending = '';
    if (batch.length) yield batch;
  }
  if (stray.trim()) yield [{ text: stray.trim(), line: startLine }];
  if (depth > 0 && !skipping) yield [{ text: pending, line: startLine }];
}
