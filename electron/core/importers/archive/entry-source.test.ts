import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runImporter } from '../../../../tests/unit/support/import-harness';
import { evtxSeed } from '../../../../tests/unit/support/fuzz-seeds';
import { makeTar } from '../../../../tests/unit/support/tar-writer';
import { chooseImporter } from '../registry';
import { tarArchive } from '../tar/tar-archive';
import { ImportProblem } from '../problems';
import { SpooledEntry } from './entry-source';

/**
 * Large archive entries are spooled, not held in memory: an encrypted temporary file under a key only
 * the import holds, read at offsets and streamed, and deleted whether the entry imports or fails.
 */

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-spool-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function* pieces(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const ZEEK = ['#separator \\x09', '#path\tconn', '#fields\tts\tuid\tid.orig_h', '#types\ttime\tstring\taddr', '1541117137.618695\tC1\t10.0.0.1', ''].join('\n');
const detect = (sample: Parameters<typeof chooseImporter>[0]) => {
  const chosen = chooseImporter(sample).importer;
  return chosen.format === 'generic-csv' || chosen.format === 'generic-jsonl' ? null : chosen;
};

describe('a spooled archive entry', () => {
  it('reads back exactly, at any offset and in any range, from a file that holds none of its plaintext', async () => {
    const dir = tempDir();
    const data = Buffer.concat([Buffer.from('evidence:'.repeat(1000)), randomBytes(3.5 * 1024 ** 2)]);
    const spool = await SpooledEntry.write('big.log', pieces(data, 65_536), dir);
    expect(spool.size).toBe(data.length);
    for (const [at, n] of [
      [0, 10],
      [1024 ** 2 - 5, 10],
      [2 * 1024 ** 2, 1024 ** 2 + 7],
      [data.length - 3, 100],
    ] as const) {
      expect((await spool.readAt(at, n)).equals(data.subarray(at, at + n))).toBe(true);
    }
    const streamed: Buffer[] = [];
    for await (const chunk of spool.open({ start: 100, end: 2_500_000 })) streamed.push(chunk);
    expect(Buffer.concat(streamed).equals(data.subarray(100, 2_500_000))).toBe(true);
    expect((await spool.readAll()).equals(data)).toBe(true);
    const [folder] = readdirSync(dir);
    const onDisk = readFileSync(path.join(dir, folder!, 'entry.spool'));
    expect(onDisk.includes(Buffer.from('evidence:evidence:'))).toBe(false);
    await spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a spool changed on disk while it is read, naming the entry', async () => {
    const dir = tempDir();
    const spool = await SpooledEntry.write('big.log', pieces(Buffer.alloc(2 * 1024 ** 2, 7), 65_536), dir);
    const file = path.join(dir, readdirSync(dir)[0]!, 'entry.spool');
    const bytes = readFileSync(file);
    bytes[1024 ** 2 + 100] = bytes[1024 ** 2 + 100]! ^ 1;
    writeFileSync(file, bytes);
    await expect(spool.readAt(1024 ** 2 + 50, 10)).rejects.toThrow(ImportProblem);
    await expect(spool.readAt(1024 ** 2 + 50, 10)).rejects.toThrow(
      'big.log: the temporary copy of this archive entry was changed or cut while it was imported (block 1)',
    );
    await spool.close();
  });

  it('a tar entry past the in-memory size is imported from its spool, which is gone afterwards, also when the import fails', async () => {
    const dir = tempDir();
    const importer = tarArchive(detect, { inMemoryBytes: 16, dir });
    const good = await runImporter(importer, makeTar([{ name: 'zeek/conn.log', data: ZEEK }]), { name: 'logs.tar' });
    expect(good.error).toBeNull();
    expect(good.events.map((e) => e.attributes.uid)).toEqual(['C1']);
    expect(readdirSync(dir)).toEqual([]);
    const bad = await runImporter(importer, makeTar([{ name: 'a.evtx', data: Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(50)]) }]), {
      name: 'bad.tar',
    });
    expect(bad.error?.message).toMatch(/a\.evtx: .*not an EVTX file/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** A plain tar of one .evtx entry of `size` bytes (a real log padded with the zeros of unused chunk slots), written in pieces. */
function writeLargeEvtxTar(file: string, size: number): void {
  const evtx = evtxSeed();
  const header = makeTar([{ name: 'Security.evtx', data: Buffer.alloc(0) }]).subarray(0, 512);
  header.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, header);
    writeSync(fd, evtx);
    const zeros = Buffer.alloc(16 * 1024 ** 2);
    for (let left = size - evtx.length; left > 0; left -= zeros.length) writeSync(fd, zeros, 0, Math.min(left, zeros.length));
    writeSync(fd, Buffer.alloc(((512 - (size % 512)) % 512) + 1024));
  } finally {
    closeSync(fd);
  }
}

describe('a large entry does not need its size in memory', () => {
  it('imports a 768 MiB .evtx inside a tar with the process growing by far less than the entry', async () => {
    const dir = tempDir();
    const spoolDir = tempDir();
    const file = path.join(dir, 'logs.tar');
    const size = 768 * 1024 ** 2;
    writeLargeEvtxTar(file, size);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    try {
      const r = await runImporter(tarArchive(detect, { dir: spoolDir }), file);
      expect(r.error).toBeNull();
      expect(r.events).toHaveLength(2);
    } finally {
      clearInterval(sampler);
    }
    const grownMiB = (peak - before) / 1024 ** 2;
    console.info(`768 MiB .evtx in a tar: imported in ${Math.round(performance.now() - started)} ms, peak RSS grew ${grownMiB.toFixed(0)} MiB`);
    // Held in memory, the entry alone would add 768 MiB (and more while its pieces were joined).
    expect(grownMiB).toBeLessThan(200);
    expect(readdirSync(spoolDir)).toEqual([]);
  }, 300_000);
});
