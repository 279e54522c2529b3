export interface Strength {
  /** 0 weak … 3 strong */
  score: 0 | 1 | 2 | 3;
  label: string;
  advice: string;
}

/**
 * A rough estimate (character pool × length, discounted for repeats), only to
 * steer people away from short or repetitive passphrases; it is not a promise.
 */
export function passphraseStrength(passphrase: string): Strength {
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;
  const unique = new Set(passphrase).size;
  const effectiveLength = Math.min(passphrase.length, unique * 3);
  const bits = pool > 0 ? effectiveLength * Math.log2(pool) : 0;

  if (bits < 45) return { score: 0, label: 'Weak', advice: 'Add more words or characters.' };
  if (bits < 65) return { score: 1, label: 'Fair', advice: 'Longer is better: four or more random words work well.' };
  if (bits < 90) return { score: 2, label: 'Good', advice: 'A few more characters make it stronger still.' };
  return { score: 3, label: 'Strong', advice: 'Hard to guess. Keep it somewhere safe: it cannot be recovered.' };
}
