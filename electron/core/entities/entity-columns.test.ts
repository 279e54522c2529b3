import { describe, expect, it } from 'vitest';
import type { EventEntityColumns } from '../cases/event-entity-table';
import { EntityColumns } from './entity-columns';

/** A page of `n` found addresses (type, value, key, id as one string; first/last seen and events per row), one repeated. */
function page(n: number, offset = 0): EventEntityColumns {
  let text = '';
  const ends = new Uint32Array(4 * n);
  const seen = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    for (const [part, value] of ['ip', ` 10.0.${k >> 8}.${k & 255} `, `10.0.${k >> 8}.${k & 255}`, `ip:${k}`].entries()) {
      text += value;
      ends[4 * i + part] = text.length;
    }
    seen.set([k, k + 10, 2], 3 * i);
  }
  return { text, ends, seen };
}

describe('EntityColumns.addFound', () => {
  it('takes in a page larger than a slice (with pauses between slices) row for row, as one pass would', async () => {
    const columns = new EntityColumns(0);
    let pauses = 0;
    await columns.addFound('import A', page(20_000), async () => void pauses++);
    expect(pauses).toBe(2);
    expect(columns.n).toBe(20_000);
    for (const s of [0, 8191, 8192, 16_384, 19_999]) {
      expect([columns.ids[s], columns.display[s], columns.keys[s], columns.typeOf(s)]).toEqual([
        `ip:${s}`,
        `10.0.${s >> 8}.${s & 255}`,
        `10.0.${s >> 8}.${s & 255}`,
        'ip',
      ]);
      expect([columns.first[s], columns.last[s], columns.events[s]]).toEqual([s, s + 10, 2]);
    }
    expect(columns.pages[0]!.slots.every((slot, i) => slot === i)).toBe(true);
  });

  it('merges a second page naming the same entities into their slots, adding its source and events', async () => {
    const columns = new EntityColumns(0);
    await columns.addFound('import A', page(10_000));
    await columns.addFound('import B', page(10_000, 5_000));
    expect(columns.n).toBe(15_000);
    expect(columns.sourcesOf(9_000)).toEqual(['import A', 'import B']);
    expect(columns.events[9_000]).toBe(4);
    expect(columns.pages[1]!.slots[0]).toBe(5_000);
  });
});
