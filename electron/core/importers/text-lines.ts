import { StringDecoder } from 'node:string_decoder';
import { ImportProblem, jsonObjectAt, type InvalidRecord } from './problems';
import { nestingProblem } from './nesting';
import { Utf8Check, type InvalidUtf8Sink } from './utf8-check';
import { parseExactJson } from './exact-json-parse';

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
 * Invalid UTF-8 becomes U+FFFD; `invalidUtf8` is told how much there was, and where it began.
 */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, invalidUtf8?: InvalidUtf8Sink): AsyncGenerator<{ text: string; bytes: number }> {
  const decoder = new StringDecoder('utf8');
  const check = invalidUtf8 ? new Utf8Check(invalidUtf8) : null;
  let first = true;
  for await (const chunk of chunks) {
    check?.feed(chunk);
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield { text, bytes: chunk.length };
  }
  const rest = decoder.end();
  check?.end();
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
  invalidUtf8?: InvalidUtf8Sink,
): AsyncGenerator<Line[]> {
  // Pieces of a line still open at the end of the last chunk: joined once its end arrives,
  // so a long line costs linear time, not quadratic.
  let pending: string[] = [];
  let pendingLength = 0;
  let lineNo = 1;
  let skipping = false;
  for await (const { text, bytes } of decodeChunks(chunks, invalidUtf8)) {
    onBytes(bytes);
    const firstNl = text.indexOf('\n');
    if (firstNl === -1) {
      if (!skipping) {
        pending.push(text);
        pendingLength += text.length;
        if (pendingLength > MAX_RECORD_CHARS) {
          onTooLong(lineNo);
          skipping = true;
          pending = [];
          pendingLength = 0;
        }
      }
      continue;
    }
    const buf = (skipping ? '' : pending.join('')) + text;
    const offset = skipping ? 0 : pendingLength;
    pending = [];
    pendingLength = 0;
    const batch: Line[] = [];
    let pos = 0;
    let nl = firstNl + offset;
    while (nl !== -1) {
      if (!skipping) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        batch.push({ text: buf.slice(pos, end), line: lineNo });
      }
      skipping = false;
      lineNo++;
      pos = nl + 1;
      nl = buf.indexOf('\n', pos);
    }
    const rest = buf.slice(pos);
    if (rest.length > MAX_RECORD_CHARS) {
      onTooLong(lineNo);
      skipping = true;
    } else if (rest.length) {
      pending.push(rest);
      pendingLength = rest.length;
    }
    if (batch.length) yield batch;
  }
  if (pendingLength && !skipping) yield [{ text: pending.join('').replace(/\r$/, ''), line: lineNo }];
}

/** Refuses input that is clearly not text: NUL bytes in the first block. */
export function assertText(head: Buffer, file: string): void {
  const probe = head.subarray(0, 64 * 1024);
  const nul = probe.indexOf(0);
  if (nul !== -1) throw new ImportProblem(`${file}: byte ${nul} is a NUL byte: this is a binary file, not text`);
}

/**
 * JSON Lines: each non-blank line one JSON object, handed to `onObject` in
 * order. A line that is not valid JSON, is not an object, or is too long is an
 * invalid record at its line, and reading goes on. Checkpoints once per piece of input.
 */
export async function eachJsonLine(
  chunks: AsyncIterable<Buffer>,
  ctx: { bytes(n: number): void; invalid(record: InvalidRecord): void; checkpoint(): Promise<void>; invalidUtf8?(count: number, firstOffset: number): void },
  onObject: (object: Record<string, unknown>, line: number) => void,
): Promise<void> {
  const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  for await (const batch of readLines(
    chunks,
    (n) => ctx.bytes(n),
    tooLong,
    (count, first) => ctx.invalidUtf8?.(count, first),
  )) {
    for (const { text, line } of batch) {
      if (!text.trim()) continue;
      const object = jsonObjectAt(text, line, (r) => ctx.invalid(r), parseExactJson);
      if (!object) continue;
      const deep = nestingProblem(object, { line });
      if (deep) {
        ctx.invalid(deep);
        continue;
      }
      onObject(object, line);
    }
    await ctx.checkpoint();
  }
}
