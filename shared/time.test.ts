import { describe, expect, it } from 'vitest';
import { isoUs, isValidZone } from './time';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('isoUs', () => {
  it('writes UTC with microseconds', () => {
    expect(isoUs(us('2024-03-01T12:34:56Z') + 7)).toBe('2024-03-01T12:34:56.000007Z');
    expect(isoUs(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoUs(us('+012345-06-07T00:00:00Z'))).toBe('+012345-06-07T00:00:00.000000Z');
    expect(isoUs(us('0000-01-01T00:00:00Z'))).toBe('0000-01-01T00:00:00.000000Z');
    expect(isoUs(us('9999-12-31T23:59:59Z'))).toBe('9999-12-31T23:59:59.000000Z');
    expect(isoUs(us('-000001-12-31T23:59:59Z'))).toBe('-000001-12-31T23:59:59.000000Z');
  });

  it('agrees with Date.prototype.toISOString over ten thousand random instants from 1700 to 2240 (where a double holds every µs)', () => {
    let seed = 11;
    for (let i = 0; i < 10_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const ms = Math.floor(-8_520_000_000_000 + (seed / 2 ** 32) * 17_000_000_000_000);
      const micro = (seed >>> 7) % 1000;
      const iso = new Date(ms).toISOString();
      expect(isoUs(ms * 1000 + micro)).toBe(`${iso.slice(0, 23)}${String(micro).padStart(3, '0')}Z`);
    }
  });
});

describe('isValidZone', () => {
  it('accepts UTC and the IANA names this runtime knows', () => {
    expect(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'].every(isValidZone)).toBe(true);
  });

  it('refuses unknown names and bare offsets, which carry no daylight-saving rules', () => {
    expect(['Mars/Olympus', 'Europe/Berln', '+01:00', '-0500', '', ' UTC'].filter(isValidZone)).toEqual([]);
  });
});
