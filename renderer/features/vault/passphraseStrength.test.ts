import { describe, expect, it } from 'vitest';
import { passphraseStrength } from './passphraseStrength';

describe('passphrase strength', () => {
  it('calls common passwords with the usual decorations weak or fair, never good', () => {
    for (const guessable of ['Summer2024!!', 'Password1234!', 'qwertyuiop123', 'P@ssw0rd2026', 'iloveyou1990']) {
      expect(passphraseStrength(guessable).score, guessable).toBeLessThan(2);
    }
  });

  it('says why a guessable passphrase is weak', () => {
    const weak = passphraseStrength('password123');
    expect(weak.label).toBe('Weak');
    expect(weak.advice.length).toBeGreaterThan('Add more words or characters.'.length);
  });

  it('calls several random words strong', () => {
    expect(passphraseStrength('correct horse battery staple').label).toMatch(/Good|Strong/);
    expect(passphraseStrength('plover quantum saffron trellis magnet').label).toBe('Strong');
  });
});
