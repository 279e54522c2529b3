import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMiB, plural } from './format';

describe('numbers and sizes for people', () => {
  it('groups digits whatever the machine locale', () => {
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatCount(12.6)).toBe('13');
  });

  it('says one thing or many', () => {
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(5_000, 'event')).toBe('5,000 events');
    expect(plural(2, 'entity', 'entities')).toBe('2 entities');
    expect(plural(0, 'alert')).toBe('0 alerts');
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 2)).toBe('5.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
    expect(formatMiB(12.5 * 1024 ** 2)).toBe('12.5');
  });
});
