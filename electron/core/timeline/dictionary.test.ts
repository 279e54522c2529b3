import { describe, expect, it } from 'vitest';
import { Dictionary } from './dictionary';

describe('Dictionary', () => {
  it('gives dense ids in first-seen order, the same id to equal strings however they were made', () => {
    const dict = new Dictionary(['', 'source.csv']);
    expect(dict.id('WKS-001.corp.example')).toBe(2);
    expect(dict.id('user7')).toBe(3);
    // Equal text from other string objects (a slice, a concatenation) is the same value.
    expect(dict.id('xWKS-001.corp.example'.slice(1))).toBe(2);
    expect(dict.id(['user', 7].join(''))).toBe(3);
    expect(dict.id('')).toBe(0);
    expect(dict.values).toEqual(['', 'source.csv', 'WKS-001.corp.example', 'user7']);
    expect(dict.size).toBe(4);
  });

  it('looks values up without adding them', () => {
    const dict = new Dictionary(['a', 'b']);
    expect(dict.lookup('b')).toBe(1);
    expect(dict.lookup('c')).toBeUndefined();
    expect(dict.size).toBe(2);
  });

  it('keeps every id right as it grows to a hundred thousand values, non-ASCII and near-identical ones included', () => {
    const dict = new Dictionary();
    const values = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? `WKS-${i}` : i % 3 === 1 ? `wks-${i}` : `hôte-${i}-😀`));
    values.forEach((v, i) => expect(dict.id(v)).toBe(i));
    for (let i = values.length - 1; i >= 0; i -= 7) {
      expect(dict.id(`${values[i]!}`)).toBe(i);
      expect(dict.lookup(values[i]!)).toBe(i);
    }
    expect(dict.lookup('WKS-100000')).toBeUndefined();
    expect(dict.size).toBe(100_000);
  });
});
