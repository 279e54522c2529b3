import { describe, expect, it } from 'vitest';
import { parseEpoch, parseIsoTime, readTimeField, zonedIsoUs } from './time';
import { testRandom } from '../../../tests/unit/support/seeded-random';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('parseIsoTime', () => {
  it('reads RFC 3339 with every zone form, to µs since the epoch', () => {
    for (const [text, utc] of [
      ['2024-03-01T12:34:56Z', '2024-03-01T12:34:56Z'],
      ['2024-03-01T12:34:56z', '2024-03-01T12:34:56Z'],
      ['2024-03-01 12:34:56 UTC', '2024-03-01T12:34:56Z'],
      ['2024-03-01T12:34:56GMT', '2024-03-01T12:34:56Z'],
      ['2024-03-01T12:34:56+00:00', '2024-03-01T12:34:56Z'],
      ['2024-03-01T12:34:56-00:00', '2024-03-01T12:34:56Z'],
      ['2024-03-01T12:34:56+02:00', '2024-03-01T10:34:56Z'],
      ['2024-03-01T12:34:56+0530', '2024-03-01T07:04:56Z'],
      ['2024-03-01T12:34:56-08', '2024-03-01T20:34:56Z'],
      ['2024-03-01t12:34Z', '2024-03-01T12:34:00Z'],
      ['  2024-03-01T12:34:56Z  ', '2024-03-01T12:34:56Z'],
    ] as const) {
      expect(parseIsoTime(text, 'UTC'), text).toEqual({ us: us(utc), zoneless: false });
    }
  });

  it('keeps fractions to the microsecond, from any number of digits', () => {
    expect(parseIsoTime('2024-03-01T00:00:00.1234567Z', 'UTC')!.us).toBe(us('2024-03-01T00:00:00Z') + 123456);
    expect(parseIsoTime('2024-03-01T00:00:00,5Z', 'UTC')!.us).toBe(us('2024-03-01T00:00:00Z') + 500000);
    expect(parseIsoTime('2024-03-01T00:00:00.Z', 'UTC')).toBeNull();
  });

  it('reads a time without a zone in the zone chosen for the import, and says so', () => {
    expect(parseIsoTime('2024-07-01 12:00:00', 'UTC')).toEqual({ us: us('2024-07-01T12:00:00Z'), zoneless: true });
    expect(parseIsoTime('2024-07-01 12:00:00', 'Europe/Berlin')).toEqual({ us: us('2024-07-01T10:00:00Z'), zoneless: true });
    expect(parseIsoTime('2024-01-15T12:00:00', 'America/New_York')).toEqual({ us: us('2024-01-15T17:00:00Z'), zoneless: true });
    expect(parseIsoTime('2024-03-01', 'UTC')).toEqual({ us: us('2024-03-01T00:00:00Z'), zoneless: true });
  });

  it('agrees with Date.parse on every day of four centuries of leap rules', () => {
    for (const year of [1601, 1900, 1970, 2000, 2023, 2024, 2100, 2400]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T06:07:08Z`;
          const expected = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day ? { us: us(text), zoneless: false } : null;
          expect(parseIsoTime(text, 'UTC'), text).toEqual(expected);
        }
      }
    }
  });

  it('refuses what is not a time', () => {
    for (const text of [
      '',
      'yesterday',
      '2024-13-01T00:00:00Z',
      '2024-02-30',
      '2023-02-29',
      '2024-03-01T24:00:00Z',
      '2024-03-01T12:60:00Z',
      '2024-03-01T12:34:56+19:00',
      '2024-03-01T12:34:56 PST',
      '2024-03-01T12:34:56+2',
      '2024-0a-01',
    ]) {
      expect(parseIsoTime(text, 'UTC'), text).toBeNull();
    }
  });
});

describe('zonedIsoUs', () => {
  it('reads exactly what parseIsoTime reads with a zone, and nothing else', () => {
    const random = testRandom('zonedIsoUs against parseIsoTime');
    const pick = <T>(xs: readonly T[]): T => xs[random.int(0, xs.length - 1)]!;
    const two = (max: number) => String(random.int(0, max)).padStart(2, '0');
    // Near-valid times: every part sometimes out of range, missing, doubled or not a digit.
    const part = (good: () => string) => (random.next() < 0.9 ? good() : pick(['', 'x', '7', '999', '-1', '00', '99', ' ']));
    let read = 0;
    for (let k = 0; k < 20_000; k++) {
      const text =
        part(() => pick(['1601', '1969', '1970', '2000', '2024', '2100', '9999'])) +
        pick(['-', '-', '-', '/']) +
        part(() => two(13)) +
        '-' +
        part(() => two(32)) +
        pick(['T', 'T', ' ', 't', '_']) +
        part(() => two(24)) +
        ':' +
        part(() => two(60)) +
        pick([':', ':', ':', '']) +
        part(() => two(61)) +
        pick(['', '', '.', ',', '.1', '.123', '.123456', '.1234567', ',5', '.x']) +
        pick(['Z', 'z', '+00:00', '-05:30', '+14:00', '+18:01', '-18:00', '+0530', '+05', ' UTC', '', 'Z ', '+5:30', '+05:3x']);
      const expected = parseIsoTime(text, 'UTC');
      const us = zonedIsoUs(text);
      if (Number.isNaN(us)) continue;
      read++;
      expect({ us, zoneless: false }, text).toEqual(expected);
    }
    // Over a thousand of them in the common form, the rest left to parseIsoTime.
    expect(read).toBeGreaterThan(1_000);
  });

  it('leaves zoneless times, other zone forms and padded text to parseIsoTime', () => {
    for (const text of [
      '2024-07-01T12:00:00',
      '2024-07-01 12:00:00 UTC',
      '2024-07-01T12:00:00+0530',
      '2024-07-01T12:00:00+05',
      ' 2024-07-01T12:00:00Z',
      '2024-07-01T12:00Z',
      '2024-07-01',
    ]) {
      expect(zonedIsoUs(text), text).toBeNaN();
    }
    expect(zonedIsoUs('2024-03-01T12:34:56.789+01:00')).toBe(parseIsoTime('2024-03-01T12:34:56.789+01:00', 'UTC')!.us);
  });
});

describe('readTimeField', () => {
  it('reads epoch numbers by magnitude, quoted or not', () => {
    const t = us('2024-03-01T12:34:56Z');
    expect(readTimeField(t / 1e6, 'UTC')).toEqual({ us: t, zoneless: false });
    expect(readTimeField(String(t / 1000), 'UTC')).toEqual({ us: t, zoneless: false });
    expect(readTimeField(` ${t} `, 'UTC')).toEqual({ us: t, zoneless: false });
    expect(parseEpoch(String(t * 1000))).toBe(t);
  });

  it('says why a value is not a time', () => {
    expect(readTimeField(undefined, 'UTC')).toEqual({ reason: 'the time is missing' });
    expect(readTimeField([1], 'UTC')).toEqual({ reason: 'a list is not a time' });
    expect(readTimeField('soon', 'UTC')).toEqual({ reason: '"soon" is not a time this importer understands' });
  });
});
