import { describe, expect, it } from 'vitest';
import { buildTrigramFilter, mayContain } from './trigram-filter';

const bytes = (text: string) => Buffer.from(text, 'latin1');

function lcg(seed: number) {
  return (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
}

describe('trigram filter', () => {
  it('never rules out a phrase the text holds: every piece of 3 to 40 bytes of random text passes', () => {
    const next = lcg(9);
    for (let round = 0; round < 50; round++) {
      const text = bytes(Array.from({ length: 4000 }, () => String.fromCharCode(32 + next(95))).join(''));
      const filter = buildTrigramFilter(text);
      for (let k = 0; k < 200; k++) {
        const start = next(text.length - 40);
        expect(mayContain(filter, text.subarray(start, start + 3 + next(38)))).toBe(true);
      }
    }
  });

  it('rules out nearly every phrase with a piece the text lacks', () => {
    const text = bytes(Array.from({ length: 2000 }, (_, i) => `Logon ${i} from 10.0.${i % 250}.7 by user${i % 40}\n`).join(''));
    const filter = buildTrigramFilter(text);
    const absent = Array.from({ length: 1000 }, (_, i) => bytes(`no-such-token-${i}`));
    expect(absent.filter((p) => mayContain(filter, p)).length).toBeLessThan(10);
    expect(mayContain(filter, bytes('from 10.0.17.7 by user'))).toBe(true);
  });

  it('filters only the given length, and cannot judge phrases under three bytes', () => {
    const filter = buildTrigramFilter(bytes('abcdef-zzz'), 6);
    expect(mayContain(filter, bytes('cde'))).toBe(true);
    expect(mayContain(filter, bytes('zzz'))).toBe(false);
    expect(mayContain(filter, bytes('zz'))).toBe(true);
    expect(mayContain(filter, bytes(''))).toBe(true);
  });
});
