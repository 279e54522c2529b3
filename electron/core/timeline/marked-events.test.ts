import { describe, expect, it } from 'vitest';
import { eventIdMask } from './marked-events';
import { RUN_ID_STRIDE } from './run-builder';

describe('eventIdMask', () => {
  // Two runs merged in time order: run ordinal 3 holds positions 0, 2, 4; run ordinal 7 holds 1, 3.
  const runs = [
    { ref: { ordinal: 3 }, globalOf: Uint32Array.from([0, 2, 4]) },
    { ref: { ordinal: 7 }, globalOf: Uint32Array.from([1, 3]) },
  ];

  it('marks the global positions of the named events (run ordinal × stride + index in the run)', () => {
    const mask = eventIdMask([3 * RUN_ID_STRIDE + 1, 7 * RUN_ID_STRIDE + 1], runs, 5);
    expect([...mask]).toEqual([0, 0, 1, 1, 0]);
  });

  it('marks nothing for ids of runs the store does not hold or past a run end, and nothing for no ids', () => {
    expect([...eventIdMask([5 * RUN_ID_STRIDE, 7 * RUN_ID_STRIDE + 9], runs, 5)]).toEqual([0, 0, 0, 0, 0]);
    expect([...eventIdMask([], runs, 5)]).toEqual([0, 0, 0, 0, 0]);
  });
});
