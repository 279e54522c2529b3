import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared corpus of real files (../shared/samples, beside the repository).
 * Tests that read it skip, saying why, when it is absent: the project's own
 * suite must pass for anyone who clones the repository alone.
 */
export const SAMPLES = path.resolve(__dirname, '../../../../shared/samples');

export const HAS_SAMPLES = existsSync(SAMPLES);

export const NO_SAMPLES_REASON = `sample corpus not found at ${SAMPLES} (tests on real files skipped)`;

/** Path of a file in the corpus, e.g. sample('stix21', 'apt1.json'). */
export function sample(...parts: string[]): string {
  return path.join(SAMPLES, ...parts);
}
