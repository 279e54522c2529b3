import { describe, expect, it } from 'vitest';
import { formatValue, shorten } from './formatValue';

describe('values in the audit trail', () => {
  it('shows missing, empty and list values so they cannot be confused', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('')).toBe('(empty)');
    expect(formatValue([])).toBe('(none)');
    expect(formatValue(['c2', 'phishing'])).toBe('c2, phishing');
    expect(formatValue('high')).toBe('high');
    expect(formatValue(3)).toBe('3');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it('cuts long text with an ellipsis at the limit', () => {
    expect(shorten('abc', 5)).toBe('abc');
    expect(shorten('abcdef', 5)).toBe('abcd…');
    expect(shorten('x'.repeat(500))).toHaveLength(160);
  });
});
