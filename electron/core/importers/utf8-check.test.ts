import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/unit/support/seeded-random';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { Utf8Check } from './utf8-check';
import { stixImporter } from './stix/stix-importer';
import { timesketchJsonl } from './timesketch';

/** What the check reports for `bytes` fed in pieces of `size`. */
function check(bytes: Buffer, size: number): { count: number; first: number } {
  const c = new Utf8Check();
  for (let i = 0; i < bytes.length; i += size) c.feed(bytes.subarray(i, i + size));
  c.end();
  return { count: c.count, first: c.firstOffset };
}

/** Node's own count: the U+FFFD its decoder writes, less those the bytes hold as text. */
function byDecoder(bytes: Buffer): number {
  const replaced = [...bytes.toString('utf8')].filter((ch) => ch === '\ufffd').length;
  let real = 0;
  for (let i = bytes.indexOf('\ufffd'); i !== -1; i = bytes.indexOf('\ufffd', i + 1)) real++;
  return replaced - real;
}

describe('Utf8Check', () => {
  it('finds nothing in valid text of any script, cut anywhere, and the first bad byte in damaged text', () => {
    const valid = Buffer.from('plain, Ünïcödé, 日本語, 🙂 and a real \ufffd');
    for (const size of [1, 2, 3, 7, 1000]) expect(check(valid, size)).toEqual({ count: 0, first: -1 });
    const damaged = Buffer.concat([
      Buffer.from('ab'),
      Buffer.from([0xff]),
      Buffer.from('c'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('d'),
      Buffer.from([0xf0, 0x9f]),
    ]);
    for (const size of [1, 2, 3, 100]) expect(check(damaged, size)).toEqual({ count: 3, first: 2 });
  });

  it('counts as many sequences as the decoder replaces, on 5,000 random byte strings in random pieces', () => {
    const random = seededRandom(8080);
    const pool = [0x41, 0x0a, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x82, 0x9f, 0xa0, 0x90, 0x8f];
    for (let t = 0; t < 5000; t++) {
      const bytes = Buffer.from(Array.from({ length: random.int(0, 12) }, () => pool[random.int(0, pool.length - 1)]!));
      expect(check(bytes, random.int(1, 5)).count, bytes.toString('hex')).toBe(byDecoder(bytes));
    }
  });
});

describe('importers report invalid UTF-8 to the import', () => {
  const bad = (text: string, at: number) => Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3]), Buffer.from(text.slice(at))]);

  it('from a JSON document (STIX) and from JSON Lines, read in small pieces', async () => {
    const bundle =
      '{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[{"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000001","name":"x","is_family":false}]}';
    const stix = await runImporter(stixImporter, bad(bundle, 160), { name: 'b.json' });
    expect(stix.error).toBeNull();
    expect(stix.collector.problems.invalidUtf8Found).toEqual({ sequences: 1, firstOffset: 160 });
    const line = '{"datetime":"2024-01-01T00:00:00Z","message":"m","timestamp_desc":"x"}\n';
    const jsonl = await runImporter(timesketchJsonl, Buffer.concat([Buffer.from(line), bad(line, 50), bad(line, 51)]), { name: 't.jsonl', chunk: 7 });
    expect(jsonl.collector.problems.invalidUtf8Found).toEqual({ sequences: 2, firstOffset: line.length + 50 });
    const clean = await runImporter(timesketchJsonl, Buffer.from(line), { name: 'c.jsonl' });
    expect(clean.collector.problems.invalidUtf8Found).toBeNull();
  });
});
