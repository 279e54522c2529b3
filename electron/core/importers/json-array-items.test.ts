import { describe, expect, it } from 'vitest';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { testRandom } from '../../../tests/unit/support/seeded-random';
import { makeZip } from '../../../tests/unit/support/zip-writer';
import { jsonArrayItems } from './json-array-items';
import { securityDatasets } from './security-datasets/security-datasets';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function items(text: string, size = 7, tooLong: number[] = []): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of jsonArrayItems(pieces(text, size), 'a.json', (r) => tooLong.push(r))) {
    for (const { text: item, record } of batch) out.push([record, JSON.parse(item)]);
  }
  return out;
}

const row = (i: number) => ({
  EventID: 4624,
  Channel: 'Security',
  Hostname: `WKS${i % 13}`,
  TimeCreated: '2020-10-18T19:50:09.000Z',
  Message: `logon ${i * 7919}`,
});

describe('jsonArrayItems', () => {
  it('cuts out each item at every piece size: strings holding brackets, commas, quotes and escapes, nesting, primitives', async () => {
    const random = testRandom('jsonArrayItems pieces');
    const value = [{ a: 'x,]}[{"\\', b: [1, [2, { c: '"' }]] }, 'str]ing', 12.5e3, true, null, [], {}, { u: '\u00e9\ud83d\ude00' }];
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), `\ufeff \n${JSON.stringify(value)}\n `]) {
      for (let n = 0; n < 20; n++) {
        expect(await items(text, random.int(1, 40))).toEqual(value.map((v, i) => [i + 1, v]));
      }
    }
    expect(await items('[]')).toEqual([]);
    expect(await items(' [ \n ] ', 1)).toEqual([]);
  });

  it('refuses a damaged array, saying where', async () => {
    await expect(items('[{"a":1},')).rejects.toThrow('a.json: the JSON array is never closed (after 1 items): it is truncated');
    await expect(items('[{"a":1}] x')).rejects.toThrow('a.json: text after the end of the array (character 10); the JSON array is damaged');
    await expect(items('[1,,2]')).rejects.toThrow('a.json: item 2 is missing (character 3); the JSON array is damaged');
    await expect(items('[{"a":1}}]')).rejects.toThrow('a.json: item 1 closes more brackets than it opens (character 8); the JSON array is damaged');
    await expect(items('{"a":1}')).rejects.toThrow('a.json: not a JSON array (character 0)');
  });

  it('skips an item over 16 MiB by its number without holding it', async () => {
    const tooLong: number[] = [];
    const text = `[{"a":1},{"m":"${'x'.repeat(17 * 1024 * 1024)}"},{"b":2}]`;
    expect(await items(text, 1 << 20, tooLong)).toEqual([
      [1, { a: 1 }],
      [3, { b: 2 }],
    ]);
    expect(tooLong).toEqual([2]);
  });

  it('reads a 60 MB array streamed in as it arrives, holding a few items at a time, not the array', async () => {
    const count = 300_000;
    // What the source has handed over so far: items must come out long before it has all been read.
    let produced = 0;
    async function* generated(): AsyncGenerator<string> {
      yield '[';
      for (let i = 0; i < count; i += 1000) {
        const piece = Array.from({ length: 1000 }, (_, k) => JSON.stringify({ ...row(i + k), pad: ' '.repeat(100) })).join(',') + (i + 1000 < count ? ',' : '');
        produced += piece.length;
        yield piece;
      }
      yield ']';
    }
    let seen = 0;
    let bytes = 0;
    let producedAtFirstItem = -1;
    let largestBatch = 0;
    for await (const batch of jsonArrayItems(generated(), 'big.json', () => undefined)) {
      let batchBytes = 0;
      for (const item of batch) {
        if (producedAtFirstItem < 0) producedAtFirstItem = produced;
        batchBytes += item.text.length;
        seen++;
      }
      bytes += batchBytes;
      largestBatch = Math.max(largestBatch, batchBytes);
    }
    expect(seen).toBe(count);
    expect(bytes).toBeGreaterThan(60e6);
    // Deterministic, unlike heap figures (which depend on when the collector runs): the first items
    // come out after one piece of the source, and no batch holds more than a few pieces' worth.
    expect(producedAtFirstItem).toBeLessThan(1e6);
    expect(largestBatch).toBeLessThan(4 * 2 ** 20);
  });

  it('imports a zipped JSON array item by item, and refuses one that inflates past the ratio limit (the 240 MB array in 233 KB)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i));
    const r = await runImporter(securityDatasets, makeZip([{ name: 'rows.json', data: JSON.stringify(rows) }]), { name: 'a.zip' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(20_000);
    expect(r.events[19_999]!.message).toContain(`logon ${19_999 * 7919}`);

    const same = JSON.stringify(row(1));
    const bomb = makeZip([{ name: 'big.json', data: `[${Array.from({ length: 100_000 }, () => same).join(',')}]` }]);
    const refused = await runImporter(securityDatasets, bomb, { name: 'bomb.zip' });
    expect(refused.error?.message).toMatch(
      /^bomb\.zip: its 1 entries declare \d+ bytes in all, more than 100 times .*refused as a likely zip bomb \(the largest: "big\.json" \d+ bytes\)$/,
    );
    expect(refused.events).toHaveLength(0);
  });
});
