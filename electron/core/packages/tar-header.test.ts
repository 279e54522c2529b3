import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import * as tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { END_OF_TAR, fileHeader, padding } from './tar-header';

/** The package writer frames files itself; its bytes are tar-stream's (which the tamper tests and Debian's tar read). */

async function byTarStream(name: string, body: Buffer, mtime: Date): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const done = pipeline(
    pack as unknown as NodeJS.ReadableStream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  pack.entry({ name, size: body.length, mode: 0o644, mtime, type: 'file' }, body);
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

describe('fileHeader', () => {
  const mtime = new Date('2026-12-03T18:00:00.750Z');
  it.each([
    ['a short name', 'events/0f1e2d3c-0000.jsonl', 1000],
    ['a name split into the prefix field', `evidence/${'a'.repeat(90)}/${'b'.repeat(60)}.bin`, 512],
    ['a name only a pax record holds', `x/${'c'.repeat(180)}`, 0],
    ['a name in UTF-8', 'evidence/rapport-été.pdf', 7],
  ])('frames %s as tar-stream does', async (_what, name, size) => {
    const body = Buffer.alloc(size, 0x61);
    expect(Buffer.concat([fileHeader(name, size, 0o644, mtime), body, padding(size), END_OF_TAR])).toEqual(await byTarStream(name, body, mtime));
  });
});
