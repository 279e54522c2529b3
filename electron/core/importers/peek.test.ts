import { describe, expect, it } from 'vitest';
import { peek } from './peek';

/** A source that says whether it was left properly (a file handle underneath is closed then, not by the garbage collector). */
function source(chunks: number): { content: AsyncIterable<Buffer>; closed: () => boolean } {
  let closed = false;
  const content = (async function* () {
    try {
      for (let i = 0; i < chunks; i++) yield Buffer.alloc(4096, 0x61 + i);
    } finally {
      closed = true;
    }
  })();
  return { content, closed: () => closed };
}

describe('peek', () => {
  it('gives the head and then the whole content again, and closes the source at its end', async () => {
    const s = source(3);
    const { head, all } = await peek(s.content);
    expect(head.length).toBe(4096);
    const parts: Buffer[] = [];
    for await (const chunk of all) parts.push(chunk);
    expect(Buffer.concat(parts).length).toBe(3 * 4096);
    expect(s.closed()).toBe(true);
  });

  it('closes the source when the caller refuses the content on its head and never reads the rest', async () => {
    const s = source(3);
    const { close } = await peek(s.content);
    expect(s.closed()).toBe(false);
    await close();
    expect(s.closed()).toBe(true);
  });
});
