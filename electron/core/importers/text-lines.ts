import { StringDecoder } from 'node:string_decoder';
import { ImportProblem } from './problems';

/** One record's text with the physical line it starts on (1-based). */
export interface Line {
  text: string;
  line: number;
}

/** The longest single record we accept; a longer one is refused by position, never buffered whole. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * Decodes a byte stream as UTF-8 (dropping a BOM) and hands out its text in
 * pieces with a running byte count, so readers above it can report progress.
 */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ text: string; bytes: number }> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield { text, bytes: chunk.length };
  }
  const rest = decoder.end();
  if (rest) yield { text: rest, bytes: 0 };
}

/**
 * Splits text into lines (LF or CRLF), in batches per input piece. A line longer
 * than MAX_RECORD_CHARS is reported as a problem at its line number and skipped
 * without being held in memory.
 */
export async function* readLines(
  chunks: AsyncIterable<Buffer>,
  onBytes: (bytes: number) => void,
  onTooLong: (line: number) => void,
): AsyncGenerator<Line[]> {
  let carry = '';
  let lineNo = 1;
  let skipping = false;
  for await (const { text, bytes } of decodeChunks(chunks)) {
    onBytes(bytes);
    const buf = carry + text;
    const batch: Line[] = [];
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl === -1) break;
      if (!skipping) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        batch.push({ text: buf.slice(pos, end), line: lineNo });
      }
      skipping = false;
      lineNo++;
      pos = nl + 1;
    }
    carry = buf.slice(pos);
    if (carry.length > MAX_RECORD_CHARS && !skipping) {
      onTooLong(lineNo);
      skipping = true;
    }
    if (skipping) carry = '';
    if (batch.length) yield batch;
  }
  if (carry.length && !skipping) yield [{ text: carry.replace(/\r$/, ''), line: lineNo }];
}

/** Refuses input that is clearly not text: NUL bytes in the first block. */
export function assertText(head: Buffer, file: string): void {
  const probe = head.subarray(0, 64 * 1024);
  const nul = probe.indexOf(0);
  if (nul !== -1) throw new ImportProblem(`${file}: byte ${nul} is a NUL byte: this is a binary file, not text`);
}
