import { describe, expect, it } from 'vitest';
import { testRandom } from '../../../tests/unit/support/seeded-random';
import { FoundEntities } from './found-entities';
import { entityTallyColumns, tallyStrings, type EntityTallies } from './run-entities';

/** A hand-over of n tallies, as the run worker sends them; the id is `id-<tag>-<i>`, or `ids[i]` when given. */
function handOver(tag: string, n: number, ids: string[] = []): EntityTallies {
  return entityTallyColumns(
    Array.from({ length: n }, (_, i) => ['url', `http://${tag}/${i}/é`, 10 * i, 10 * i + 5, i + 1, `http://${tag}/${i}/é`, ids[i] ?? `id-${tag}-${i}`]),
  );
}

/** Rows of columns as [type, value, key, id, first, last, count], to compare with a plain model. */
function rows(c: { text: string; ends: Uint32Array; seen?: Float64Array; numbers?: Float64Array }): unknown[][] {
  const strings = tallyStrings({ text: c.text, ends: c.ends, numbers: new Float64Array(0) });
  const numbers = c.seen ?? c.numbers!;
  return Array.from({ length: c.ends.length / 4 }, (_, i) => [...strings.slice(4 * i, 4 * i + 4), ...numbers.subarray(3 * i, 3 * i + 3)]);
}

describe('FoundEntities', () => {
  it('keeps a hand-over whose every row is new as it came, without copying it', () => {
    const part = handOver('a', 5);
    const found = new FoundEntities();
    for (let i = 0; i < 5; i++) found.add(part, i, `id-a-${i}`);
    const columns = found.columns();
    expect(columns.text).toBe(part.text);
    expect(columns.ends).toBe(part.ends);
    expect(columns.seen).toBe(part.numbers);
    expect(found.size).toBe(5);
  });

  it('gathers the rows it kept, from any number of hand-overs, in the order they were found', () => {
    const random = testRandom('found entities gather');
    const parts = [handOver('a', 40), handOver('b', 1), handOver('c', 300)];
    const found = new FoundEntities();
    const expected: unknown[][] = [];
    for (const [p, part] of parts.entries()) {
      const all = rows(part);
      for (let i = 0; i < all.length; i++) {
        if (random.next() < 0.3) continue;
        found.add(part, i, `id-${'abc'[p]}-${i}`);
        expected.push(all[i]!);
      }
    }
    expect(rows(found.columns())).toEqual(expected);
    expect(found.size).toBe(expected.length);
  });

  it('adds another sighting of an entity it keeps into its figures: earliest first, latest last, counts summed', () => {
    const part = handOver('a', 3);
    const found = new FoundEntities();
    found.add(part, 0, 'id-a-0');
    found.add(part, 2, 'id-a-2');
    expect(found.merge('id-a-2', 7, 21, 10)).toBe(true);
    expect(found.merge('id-a-0', 3, 4, 1)).toBe(true);
    expect(found.merge('id-a-1', 0, 0, 1)).toBe(false);
    expect(found.has('id-a-1')).toBe(false);
    expect(rows(found.columns())).toEqual([
      ['url', 'http://a/0/é', 'http://a/0/é', 'id-a-0', 0, 5, 2],
      ['url', 'http://a/2/é', 'http://a/2/é', 'id-a-2', 7, 25, 13],
    ]);
  });
});
