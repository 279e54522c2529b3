import { describe, expect, it } from 'vitest';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import type { RunRef } from '../timeline/run-files';
import { EventIdMap } from './event-id-map';

const run = (ordinal: number, count: number): RunRef => ({ name: `r${ordinal}`, ordinal, count, minTime: 0, maxTime: 0, colsTag: 'aa', textTag: 'bb' });

describe('where the events records name land in the imported runs', () => {
  it('follows each run’s stable sort by time, and the run ordinals the import was given', () => {
    // Old ids 100..105; the new runs are cut after three rows; times out of order within each, equal times keep their order.
    const map = new EventIdMap(new Set([100, 101, 103, 104, 105]), true);
    const rows = [
      [9, 100],
      [3, 101],
      [5, 102],
      [7, 103],
      [7, 104],
      [1, 105],
    ] as const;
    rows.forEach(([time, old], i) => {
      map.added(time, old);
      if (i === 2) map.runEnded();
    });
    map.importEnded([run(4, 3), run(5, 3)]);
    expect(map.get(100)).toBe(4 * RUN_ID_STRIDE + 2);
    expect(map.get(101)).toBe(4 * RUN_ID_STRIDE + 0);
    expect(map.get(103)).toBe(5 * RUN_ID_STRIDE + 1);
    expect(map.get(104)).toBe(5 * RUN_ID_STRIDE + 2);
    expect(map.get(105)).toBe(5 * RUN_ID_STRIDE + 0);
    // Not named by any record: not kept.
    expect(map.get(102)).toBeUndefined();
  });

  it('refuses runs cut elsewhere than it followed, and keeps ids as they are for a package that does not say which events its lines are', () => {
    const map = new EventIdMap(new Set([1]), true);
    map.added(1, 1);
    map.added(2, 2);
    expect(() => map.importEnded([run(0, 1), run(1, 1)])).toThrow(/cut into runs of 1, 1 events, not 2/);
    expect(new EventIdMap(new Set([7]), false).get(7)).toBe(7);
  });
});
