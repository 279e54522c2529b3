/**
 * A small seeded PRNG (mulberry32) so randomized tests reproduce: every test
 * that uses one prints its seed, and CASEBOOK_TEST_SEED=<seed> replays it.
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/**
 * The seed for a randomized test: CASEBOOK_TEST_SEED if set, else a fresh one.
 * It is printed with the test's name so a failure can be replayed exactly.
 */
export function testRandom(label: string): Random {
  const fromEnv = process.env.CASEBOOK_TEST_SEED;
  const seed = fromEnv ? Number(fromEnv) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`[seed] ${label}: ${seed} (replay with CASEBOOK_TEST_SEED=${seed})`);
  return seededRandom(seed);
}
