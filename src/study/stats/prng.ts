/**
 * A small seeded pseudo-random generator, so that bootstrap intervals are reproducible from a seed
 * (a permalink or a CLI flag can state the seed and anyone gets the same interval).
 */

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): fast, passes the usual smoke tests, and is more
 * than enough for resampling indices. Not for cryptography.
 * @param seed any integer; only its low 32 bits are used
 * @returns a function returning uniform numbers in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
