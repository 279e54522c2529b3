import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/unit/support/seeded-random';
import { EMAIL_IN_TEXT } from './event-entities';
import { scanEmails } from './email-scan';

function scanned(text: string): [number, string][] {
  const out: [number, string][] = [];
  scanEmails(text, (start, end) => out.push([start, text.slice(start, end)]));
  return out;
}

const byPattern = (text: string): [number, string][] => [...text.matchAll(EMAIL_IN_TEXT)].map((m) => [m.index, m[0]]);

describe('scanEmails', () => {
  it('finds what the pattern finds in ordinary text', () => {
    const text = 'From: Bob <bob.smith+tag@mail.example.co.uk>; cc a_b@x.org, not@this, x@y.z1, "q@w.io"\nnext@line.com.';
    expect(scanned(text)).toEqual(byPattern(text));
    expect(scanned(text).map(([, m]) => m)).toEqual(['bob.smith+tag@mail.example.co.uk', 'a_b@x.org', 'q@w.io', 'next@line.com']);
  });

  it('agrees with the pattern on 20,000 random near-addresses', () => {
    const random = seededRandom(20261203);
    const alphabet = ['a', 'b', 'Z', '1', '.', '.', '-', '_', '%', '+', '@', '@', ' ', '\n', 'é', 'co', 'uk'];
    for (let t = 0; t < 20_000; t++) {
      let text = '';
      const length = random.int(0, 24);
      for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)];
      expect(scanned(text), JSON.stringify(text)).toEqual(byPattern(text));
    }
  });

  // The pattern tries every word boundary of "a.a.a…" as a start and runs to the end of it: 20 s for 120 KB.
  it('scans 2 MB of "a.a.a…" with an "@" at the end and one in the middle in linear time', () => {
    const half = 'a.'.repeat(500_000);
    const text = `${half}@${half}x ${half}@b.cd`;
    const found = scanned(text);
    expect(found).toEqual([[text.length - half.length - 5, `${half}@b.cd`]]);
  }, 30_000);
});
