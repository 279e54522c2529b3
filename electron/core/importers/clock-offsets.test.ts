import { describe, expect, it } from 'vitest';
import { wholeHoursApart } from './clock-offsets';

const H = 3_600_000_000;
const S = 1_000_000;

describe('two clocks of one record', () => {
  it('are a whole number of hours apart when they differ by hours give or take a pipeline delay of seconds', () => {
    expect(wholeHoursApart(0, 4 * H + 3 * S)).toBe(4);
    expect(wholeHoursApart(0, -16 * H)).toBe(-16);
    expect(wholeHoursApart(0, -4 * H + 119 * S)).toBe(-4);
  });
  it('are not when they agree, differ by minutes, by a fraction of an hour, or by more than a day', () => {
    expect(wholeHoursApart(0, 5 * S)).toBeNull();
    expect(wholeHoursApart(0, 45 * 60 * S)).toBeNull();
    expect(wholeHoursApart(0, 2 * H + 30 * 60 * S)).toBeNull();
    expect(wholeHoursApart(0, 3 * H + 5 * 60 * S)).toBeNull();
    expect(wholeHoursApart(0, 27 * H)).toBeNull();
  });
});
