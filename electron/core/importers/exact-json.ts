import type { InvalidRecord } from './problems';
import { parseExactJson } from './exact-json-parse';
import { MAX_RECORD_CHARS, readLines } from './text-lines';

/**
 * JSON Lines read with parseExactJson: each non-blank line one object, handed
 * to `onObject` with its line number. A line that is not JSON, not an object,
 * or too long is an invalid record at its line, and reading goes on.
 */
export async function eachExactJsonLine(
  chunks: AsyncIterable<Buffer>,
  ctx: { invalid(record: InvalidRecord): void; checkpoint(): Promise<void> },
  onObject: (object: Record<string, unknown>, line: number) => void,
): Promise<void> {
  const tooLong = (line: number) =>
    ctx.invalid({ position: { line }, field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  for await (const batch of readLines(chunks, () => undefined, tooLong)) {
    for (const { text, line } of batch) {
      if (!text.trim()) continue;
      let value: unknown;
      try {
        value = parseExactJson(text);
      } catch (err) {
        ctx.invalid({ position: { line }, field: null, reason: `not valid JSON: ${(err as Error).message}` });
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        ctx.invalid({ position: { line }, field: null, reason: 'not a JSON object' });
        continue;
      }
      onObject(value as Record<string, unknown>, line);
    }
    await ctx.checkpoint();
  }
}
