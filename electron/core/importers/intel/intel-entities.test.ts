import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../tests/unit/support/seeded-random';
import { attackIdOf, nameWithoutAttackId } from './intel-entities';

/** The pattern the names were read with before; kept here to check the hand-written reading against. */
const TRAILING_ID = /\s+-\s+((?:T\d{4}(?:\.\d{3})?|TA\d{4}|G\d{4}|S\d{4}|M\d{4}|C\d{4}|DS\d{4}))$/;

describe('ATT&CK ids at the end of names', () => {
  it('reads MISP cluster values', () => {
    expect(attackIdOf([], 'Spearphishing Attachment - T1193')).toBe('T1193');
    expect(attackIdOf([], '  PowerShell \t-  T1059.001 ')).toBe('T1059.001');
    expect(attackIdOf([], 'APT28 -G0007')).toBeNull();
    expect(nameWithoutAttackId('Spearphishing Attachment - T1193')).toBe('Spearphishing Attachment');
    expect(nameWithoutAttackId('Not - an id')).toBe('Not - an id');
  });

  it('agrees with the pattern on 20,000 random names', () => {
    const random = seededRandom(31337);
    const pieces = [' ', ' ', '\t', '-', '-', 'T1059', '.001', 'TA0001', 'G', '0007', 'x', 'DS0009', '\u00a0'];
    for (let t = 0; t < 20_000; t++) {
      let name = '';
      for (let i = random.int(0, 8); i > 0; i--) name += pieces[random.int(0, pieces.length - 1)];
      const trimmed = name.trim();
      expect(attackIdOf([], name), JSON.stringify(name)).toBe(TRAILING_ID.exec(trimmed)?.[1] ?? null);
      expect(nameWithoutAttackId(name), JSON.stringify(name)).toBe(trimmed.replace(TRAILING_ID, ''));
    }
  });

  // The pattern, tried from every space, ran over the whole run of spaces each time.
  it('reads a name of 300,000 spaces in linear time', () => {
    const name = `x${' '.repeat(300_000)}y`;
    expect(attackIdOf([], name)).toBeNull();
    expect(nameWithoutAttackId(name)).toBe(name);
  }, 30_000);
});
