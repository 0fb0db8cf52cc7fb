/**
 * A small seeded generator (Tommy Ettinger's mulberry32) for tests that draw random operations
 * or moments: the same seed gives the same run, so a failure that prints its seed can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: GOODLOOP_TEST_SEED when set (to replay a failure), else a new one. */
export function testSeed(): number {
  return Number(process.env.GOODLOOP_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
}
