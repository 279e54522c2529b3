/**
 * The content's first 4 KiB or more, and the content again from its start:
 * enough to tell a format by its first characters while the rest is still
 * read as a stream. The content (a file handle underneath) stays open until
 * `all` is read to its end or left, or close() is called: a caller that may
 * refuse the file on its head alone calls close() in a finally, else the
 * handle would be closed by the garbage collector (a Node warning, and an
 * error in future Node versions).
 */
export async function peek(content: AsyncIterable<Buffer>): Promise<{ head: Buffer; all: AsyncIterable<Buffer>; close: () => Promise<void> }> {
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
  // A generator never started does not run its finally when returned: the content is returned here too.
  const close = async () => {
    await all.return(undefined);
    await it.return?.();
  };
  return { head: Buffer.concat(seen), all, close };
}
