import { jsonObjectAt, type InvalidRecord } from './problems';
import { parseExactJson } from './exact-json-parse';
import { MAX_RECORD_CHARS, readLines } from './text-lines';

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
  const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  return eachExactJsonObject(
    readLines(chunks, () => undefined, tooLong),
    ctx,
    onObject,
  );
}
