import type { ImportContext } from '../types';

/**
 * Random access to an import's bytes. A ZIP archive is read from its end (the
 * central directory) and then entry by entry, so a plain front-to-back stream
 * is not enough; each range is still streamed, never read whole.
 */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end) in chunks; ends early if the file is shorter. */
  stream(start: number, end: number): AsyncIterable<Buffer>;
}

/** Bytes [start, end) in one buffer, for the small structures (headers, directory). */
export async function readRange(source: ByteSource, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source.stream(start, end)) parts.push(chunk);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** An in-memory source (tests, small archives), handed out in pieces of `chunk` bytes. */
export function bufferSource(bytes: Buffer, chunk = 64 * 1024): ByteSource {
  return {
    size: bytes.length,
    async *stream(start: number, end: number) {
      const stop = Math.min(end, bytes.length);
      for (let at = start; at < stop; at += chunk) yield bytes.subarray(at, Math.min(at + chunk, stop));
    },
  };
}

/** The import's own file, read by range through the context. */
export function contextSource(ctx: ImportContext): ByteSource {
  return {
    size: ctx.size,
    async *stream(start: number, end: number) {
      if (end <= start) return;
      yield* ctx.open({ start, end });
    },
  };
}
