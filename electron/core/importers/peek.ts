/**
 * The content's first 4 KiB or more, and the content again from its start:
 * enough to tell a format by its first characters while the rest is still
 * read as a stream.
 */
export async function peek(content: AsyncIterable<Buffer>): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = content[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < 4096) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
  }
  const all = (async function* () {
    try {
      yield* seen;
      if (!done) for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    } finally {
      await it.return?.();
    }
  })();
  return { head: Buffer.concat(seen), all };
}
