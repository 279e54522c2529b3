import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../../tests/unit/support/zip-writer';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { bufferSource } from './byte-source';
import { crc32 } from './crc32';
import { leadingEntryNames, readZipDirectory } from './zip-directory';
import { readZipEntry } from './zip-entry';

async function content(zip: Buffer, index = 0, chunk = 7): Promise<string> {
  const source = bufferSource(zip, chunk);
  const entries = await readZipDirectory(source, 't.zip');
  const parts: Buffer[] = [];
  for await (const piece of readZipEntry(entries[index]!, 't.zip')) parts.push(piece);
  return Buffer.concat(parts).toString('utf8');
}

describe('crc32', () => {
  it('matches the standard check value and continues across chunks', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('6789'), crc32(Buffer.from('12345')))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with the bitwise definition at every length and split', () => {
    const bitwise = (bytes: Uint8Array) => {
      let c = 0xffffffff;
      for (const b of bytes) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return ~c >>> 0;
    };
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 17) & 0xff));
    for (let length = 0; length <= 40; length++) expect(crc32(data.subarray(0, length))).toBe(bitwise(data.subarray(0, length)));
    for (const split of [1, 7, 8, 9, 150]) expect(crc32(data.subarray(split), crc32(data.subarray(0, split)))).toBe(bitwise(data));
  });
});

describe('ZIP reader', () => {
  const lines = '{"a":1}\n{"a":2}\n';

  it('reads deflated and stored entries through the central directory, at any read size', async () => {
    const zip = makeZip([
      { name: 'one.jsonl', data: lines },
      { name: 'two.json', data: 'stored text', method: 0 },
    ]);
    for (const chunk of [1, 3, 64, 1 << 20]) {
      const source = bufferSource(zip, chunk);
      const entries = await readZipDirectory(source, 't.zip');
      expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
        ['one.jsonl', 8, lines.length],
        ['two.json', 0, 11],
      ]);
    }
    expect(await content(zip, 0)).toBe(lines);
    expect(await content(zip, 1)).toBe('stored text');
  });

  it('reads entries written with data descriptors (zero sizes in the local header)', async () => {
    const zip = makeZip([
      { name: 'dd.jsonl', data: lines, dataDescriptor: true },
      { name: 'next.json', data: '{}' },
    ]);
    expect(await content(zip, 0)).toBe(lines);
    expect(await content(zip, 1)).toBe('{}');
  });

  it('reads ZIP64 sizes, offsets and end-of-directory records', async () => {
    const zip = makeZip([{ name: 'big.jsonl', data: lines, zip64: true }], { zip64Directory: true });
    const entries = await readZipDirectory(bufferSource(zip), 't.zip');
    expect(entries[0]).toMatchObject({ name: 'big.jsonl', size: lines.length, localHeaderOffset: 0 });
    expect(await content(zip)).toBe(lines);
  });

  it('decodes names as UTF-8 when flagged, else as CP437, and finds the directory behind an archive comment', async () => {
    const zip = makeZip(
      [
        { name: 'événements.jsonl', data: '{}' },
        { name: 'x', rawName: Buffer.from([0x82, 0x76, 0x82, 0x6e, 0x2e, 0x6a, 0x73, 0x6f, 0x6e]), data: '{}' },
      ],
      { comment: 'exported by a tool' },
    );
    const names = (await readZipDirectory(bufferSource(zip), 't.zip')).map((e) => e.name);
    expect(names).toEqual(['événements.jsonl', 'évén.json']);
    expect(leadingEntryNames(zip)).toEqual(names);
  });

  it('reads a directory of thousands of entries in a few reads, not one or two per entry', async () => {
    const zip = makeZip(Array.from({ length: 3000 }, (_, i) => ({ name: `logs/part-${i}.jsonl`, data: `{"n":${i}}\n` })));
    const whole = bufferSource(zip);
    let reads = 0;
    const counting = { size: zip.length, stream: (start: number, end: number) => (reads++, whole.stream(start, end)) };
    const entries = await readZipDirectory(counting, 't.zip');
    expect(entries).toHaveLength(3000);
    expect(entries[2999]!.name).toBe('logs/part-2999.jsonl');
    expect(reads).toBeLessThan(10);
  });

  it('refuses a truncated archive, naming what is missing', async () => {
    const zip = makeZip([{ name: 'a.jsonl', data: lines.repeat(50) }]);
    await expect(readZipDirectory(bufferSource(zip.subarray(0, zip.length - 30)), 'cut.zip')).rejects.toThrow(
      /cut\.zip: no end-of-central-directory record .* truncated/,
    );
    await expect(readZipDirectory(bufferSource(zip.subarray(0, 10)), 'tiny.zip')).rejects.toThrow(/tiny\.zip: 10 bytes is too short/);
    // The directory and the local header survive, but the entry's data (from byte 37) stops at byte 40,
    // as from a disk that returned less than asked.
    const whole = bufferSource(zip);
    const holed = { size: zip.length, stream: (start: number, end: number) => whole.stream(start, start === 37 ? 40 : end) };
    const entries = await readZipDirectory(holed, 'cut.zip');
    const read = async () => {
      for await (const _ of readZipEntry(entries[0]!, 'cut.zip')) void _;
    };
    await expect(read()).rejects.toThrow(/cut\.zip: entry "a\.jsonl": .*(truncated|damaged)/);
  });

  it('reports a CRC-32 mismatch naming the entry', async () => {
    const zip = makeZip([
      { name: 'ok.jsonl', data: '{}' },
      { name: 'bad.jsonl', data: lines, declaredCrc: 0x12345678 },
    ]);
    expect(await content(zip, 0)).toBe('{}');
    await expect(content(zip, 1)).rejects.toThrow(/t\.zip: entry "bad\.jsonl": CRC-32 mismatch \(the archive says 12345678, the content is [0-9a-f]{8}\)/);
  });

  it('reports flipped bytes inside the compressed data as damage or a CRC mismatch', async () => {
    const zip = makeZip([{ name: 'flip.jsonl', data: lines.repeat(200) }]);
    const damaged = Buffer.from(zip);
    for (let i = 50; i < 60; i++) damaged[i] = damaged[i]! ^ 0xff;
    await expect(content(damaged)).rejects.toThrow(/entry "flip\.jsonl": (its compressed data is damaged|CRC-32 mismatch|it holds|it inflates)/);
  });

  it('refuses encrypted entries and unknown compression methods', async () => {
    await expect(content(makeZip([{ name: 'secret.jsonl', data: lines, encrypted: true }]))).rejects.toThrow(
      /entry "secret\.jsonl": it is encrypted; .*extract it with its password/,
    );
    const lzma = makeZip([{ name: 'x.jsonl', data: lines, method: 0 }]);
    lzma.writeUInt16LE(14, lzma.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    await expect(content(lzma)).rejects.toThrow(/entry "x\.jsonl": it is compressed with method 14 \(LZMA\)/);
  });

  it('refuses an entry that inflates past its declared size, and a declared zip bomb', async () => {
    await expect(content(makeZip([{ name: 'liar.jsonl', data: lines, declaredSize: 4 }]))).rejects.toThrow(
      /entry "liar\.jsonl": it inflates to more than the 4 bytes its directory entry declares/,
    );
    await expect(content(makeZip([{ name: 'short.jsonl', data: lines, declaredSize: 400 }]))).rejects.toThrow(
      /entry "short\.jsonl": it holds 16 bytes but its directory entry declares 400/,
    );
    await expect(content(makeZip([{ name: 'bomb.jsonl', data: 'x', declaredSize: 5 * 1024 ** 3, zip64: true }]))).rejects.toThrow(
      /entry "bomb\.jsonl": it declares 5368709120 bytes from \d+ compressed, more than 100 times: refused as a likely zip bomb/,
    );
  });

  it('streams a large entry in pieces, never as one buffer', async () => {
    const big = Array.from({ length: 800_000 }, (_, i) => `{"n":${i}}\n`).join(''); // 10 MB, compressed about 5 times
    const source = bufferSource(makeZip([{ name: 'big.jsonl', data: big }]));
    const [entry] = await readZipDirectory(source, 't.zip');
    let pieces = 0;
    let largest = 0;
    let total = 0;
    for await (const piece of readZipEntry(entry!, 't.zip')) {
      pieces++;
      largest = Math.max(largest, piece.length);
      total += piece.length;
    }
    expect(total).toBe(big.length);
    expect(pieces).toBeGreaterThan(5);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the Security-Datasets samples' : NO_SAMPLES_REASON, () => {
    const dir = sample('security-datasets');
    const zips = !existsSync(dir)
      ? []
      : [
          ...readdirSync(dir)
            .filter((f) => f.endsWith('.zip'))
            .map((f) => path.join(dir, f)),
          ...readdirSync(path.join(dir, 'golden-saml'))
            .filter((f) => f.endsWith('.Zip'))
            .map((f) => path.join(dir, 'golden-saml', f)),
        ];

    it.each(zips.map((z) => [path.basename(z), z]))('%s: every entry inflates and passes its CRC', async (_name, file) => {
      const zip = readFileSync(file);
      const source = bufferSource(zip, 4096);
      for (const entry of await readZipDirectory(source, 'sample')) {
        let total = 0;
        for await (const piece of readZipEntry(entry, 'sample')) total += piece.length;
        expect(total).toBe(entry.size);
      }
    });
  });
});
