import { describe, expect, it } from 'vitest';
import { buildRun, sortOrder } from './raw-run';
import { RunBuilder } from './run-builder';

/** The reference: Array.prototype.sort is stable, so equal times keep index order. */
const reference = (time: Float64Array) => Array.from(time.keys()).sort((a, b) => time[a]! - time[b]!);

function lcg(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('sortOrder', () => {
  const random = lcg(3);
  const shapes: Record<string, (n: number) => number[]> = {
    random: (n) => Array.from({ length: n }, () => Math.floor(random() * 1e12)),
    'nearly in order, 5% pulled back': (n) => Array.from({ length: n }, (_, i) => i * 3000 - (random() < 0.05 ? Math.floor(random() * 600_000) : 0)),
    reversed: (n) => Array.from({ length: n }, (_, i) => (n - i) * 10),
    'few distinct times (ties)': (n) => Array.from({ length: n }, () => Math.floor(random() * 4)),
    'one time': (n) => Array.from({ length: n }, () => 5),
  };

  for (const [shape, make] of Object.entries(shapes)) {
    it(`orders by time and keeps file order among equal times: ${shape}`, () => {
      for (const n of [0, 1, 2, 31, 32, 33, 65, 1000, 65_536]) {
        const time = new Float64Array(make(n));
        const order = sortOrder(time, n);
        const expected = reference(time);
        if (order === null) expect(expected, `n=${n}`).toEqual(Array.from(time.keys()));
        else expect(Array.from(order), `n=${n}`).toEqual(expected);
      }
    });
  }
});

describe('buildRun', () => {
  it('moves every column and string with its event, spans of neighbours included', () => {
    const builder = new RunBuilder(100);
    const times = [5, 6, 7, 1, 2, 9, 3, 3, 8, 0];
    times.forEach((t, i) =>
      builder.add({
        time: t,
        timestampDesc: `d${i % 3}`,
        message: `message ${i} é`,
        source: 's',
        host: `h${i}`,
        user: '',
        tagsJson: '',
        attributesJson: i % 2 ? `{"i":"${i}"}` : '',
      }),
    );
    const raw = builder.raw();
    const { columns, text } = buildRun(raw);
    const order = reference(new Float64Array(times));
    expect(Array.from(columns.time)).toEqual(order.map((i) => times[i]));
    const str = (offsets: Uint32Array, bytes: Uint8Array, k: number) => Buffer.from(bytes.subarray(offsets[k], offsets[k + 1])).toString('utf8');
    order.forEach((i, k) => {
      expect(str(text.msgOffsets, text.msgBytes, k)).toBe(`message ${i} é`);
      expect(str(text.attrOffsets, text.attrBytes, k)).toBe(i % 2 ? `{"i":"${i}"}` : '');
      expect(columns.header.dicts.host[columns.ids.host[k]!]).toBe(`h${i}`);
      expect(columns.header.dicts.desc[columns.ids.desc[k]!]).toBe(`d${i % 3}`);
    });
    expect(columns.header.minTime).toBe(0);
    expect(columns.header.maxTime).toBe(9);
  });
});
