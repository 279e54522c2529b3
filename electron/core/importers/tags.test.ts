import { describe, expect, it } from 'vitest';
import { parseTags } from './tags';

describe('parseTags', () => {
  it('reads JSON lists, Python list reprs and comma-separated text', () => {
    expect(parseTags('["a", " b ", 3]')).toEqual(['a', 'b', '3']);
    expect(parseTags(`['a', "it's", 'x\\'y']`)).toEqual(['a', "it's", "x\\'y"]);
    expect(parseTags('a, b,,c')).toEqual(['a', 'b', 'c']);
  });

  it('drops list items that are lists or objects, even nested 100,000 deep', () => {
    expect(parseTags(`["a", ${'['.repeat(100_000)}${']'.repeat(100_000)}, {"b": 1}]`)).toEqual(['a']);
  });

  // The item pattern, started again from each quote of an item never closed, was quadratic.
  it('reads a repr of 400,000 escaped quotes never closed in linear time', () => {
    expect(parseTags(`['ok', "${'\\"'.repeat(200_000)}]`)).toEqual(['ok']);
  }, 30_000);
});
