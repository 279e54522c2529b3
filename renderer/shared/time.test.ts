import { describe, expect, it } from 'vitest';
import { isoUs } from '../../shared/time';
import { formatAxisUs, formatIsoUs, formatUs, formatUtc, niceTimesUs, parseUtcInput } from './time';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('times shown to people are UTC with the zone written', () => {
  it('formats an ISO time to the second, and says when there is none', () => {
    expect(formatUtc('2026-11-26T17:40:12.345Z')).toBe('2026-11-26 17:40:12 UTC');
    expect(formatUtc('2026-11-26T18:40:12+01:00')).toBe('2026-11-26 17:40:12 UTC');
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc('')).toBe('—');
    expect(formatUtc('not a time')).toBe('not a time');
  });

  it('formats a timeline time to the microsecond, before 1970 too', () => {
    expect(formatUs(us('2012-03-14T04:17:38.276Z') + 340)).toBe('2012-03-14 04:17:38.276340 UTC');
    expect(formatUs(0)).toBe('1970-01-01 00:00:00.000000 UTC');
    expect(formatUs(-1)).toBe('1969-12-31 23:59:59.999999 UTC');
  });

  it('shows the same instant the engine writes, rounding a fraction of a µs as it does (never seven digits)', () => {
    for (const t of [1999.6, -0.4, 123_456_789_012.6, us('0001-01-01T00:00:00Z')]) {
      expect(formatUs(t)).toBe(isoUs(t).replace('T', ' ').replace('Z', ' UTC'));
    }
    expect(formatUs(1999.6)).toBe('1970-01-01 00:00:00.002000 UTC');
  });

  it('keeps the engine fraction of an ISO time as it is', () => {
    expect(formatIsoUs('2012-03-14T04:17:38.276340Z')).toBe('2012-03-14 04:17:38.276340 UTC');
    expect(formatIsoUs('2012-03-14T04:17:38Z')).toBe('2012-03-14 04:17:38 UTC');
    expect(formatIsoUs('2012-03-14T05:17:38+01:00')).toBe('2012-03-14 04:17:38 UTC');
  });
});

describe('chart axes', () => {
  const t = us('2026-03-01T12:34:56.789Z');
  it('labels ticks with as much as tells them apart', () => {
    expect(formatAxisUs(t, 400 * 86_400e6)).toBe('2026-03-01');
    expect(formatAxisUs(t, 10 * 86_400e6)).toBe('03-01 12h');
    expect(formatAxisUs(t, 86_400e6)).toBe('03-01 12:34');
    expect(formatAxisUs(t, 3_600e6)).toBe('12:34');
    expect(formatAxisUs(t, 60e6)).toBe('12:34:56');
    expect(formatAxisUs(t, 1e6)).toBe('12:34:56.789');
  });

  it('puts ticks at round UTC times inside the span', () => {
    const from = us('2026-03-01T00:10:00Z');
    const to = us('2026-03-02T00:00:00Z');
    const ticks = niceTimesUs(from, to);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const tick of ticks) {
      expect(tick).toBeGreaterThanOrEqual(from);
      expect(tick).toBeLessThan(to);
      expect(tick % 3_600e6).toBe(0);
    }
    expect(niceTimesUs(from, from)).toEqual([from]);
  });
});

describe('times typed by a person', () => {
  it('reads a date, a minute, a second with a fraction, with or without T, Z or UTC', () => {
    expect(parseUtcInput('2026-03-01')).toBe(us('2026-03-01T00:00:00Z'));
    expect(parseUtcInput(' 2026-03-01 12:00 ')).toBe(us('2026-03-01T12:00:00Z'));
    expect(parseUtcInput('2026-03-01T12:00:00.5Z')).toBe(us('2026-03-01T12:00:00Z') + 500_000);
    expect(parseUtcInput('2026-03-01 12:00:00.000001 utc')).toBe(us('2026-03-01T12:00:00Z') + 1);
  });

  it('refuses what is not a real UTC time', () => {
    expect(parseUtcInput('2026-02-30')).toBeNull();
    expect(parseUtcInput('2026-03-01 12:00+01:00')).toBeNull();
    expect(parseUtcInput('yesterday')).toBeNull();
    expect(parseUtcInput('')).toBeNull();
  });
});
