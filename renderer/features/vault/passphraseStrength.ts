import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface Strength {
  /** 0 weak … 3 strong */
  score: 0 | 1 | 2 | 3;
  label: string;
  advice: string;
}

/**
 * zxcvbn (the zxcvbn-ts port) with its common-password list and English words:
 * it sees what a cracker tries first (Summer2024!!, Password1234!, keyboard
 * walks, dates, l33t), which counting character classes cannot. Built once,
 * on first use, because its dictionaries take a moment to rank.
 */
let estimator: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

const LABELS = ['Weak', 'Fair', 'Good', 'Strong'] as const;
const ADVICE = [
  'Add more words or characters.',
  'Longer is better: four or more random words work well.',
  'A few more characters make it stronger still.',
  'Hard to guess. Keep it somewhere safe: it cannot be recovered.',
] as const;

/** An estimate to steer people away from guessable passphrases; it is not a promise. */
export function passphraseStrength(passphrase: string): Strength {
  const result = zxcvbn().check(passphrase.slice(0, 256));
  // The vault file can be attacked offline, so the bands are set by estimated guesses, not zxcvbn's
  // online-attack score: under 10^10 (Summer2024!!) is weak, 10^18 and more strong.
  const log10 = result.guessesLog10;
  const score: Strength['score'] = log10 < 10 ? 0 : log10 < 14 ? 1 : log10 < 18 ? 2 : 3;
  const warning = result.feedback.warning;
  const advice = score < 2 && warning ? `${warning} ${ADVICE[score]}` : ADVICE[score];
  return { score, label: LABELS[score], advice };
}
