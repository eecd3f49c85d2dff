/**
 * The statistics stay n log n (Kendall) or linear per resample (bootstrap) and give the same
 * numbers as the direct methods they replace: every pair compared, a sort per resample.
 */
import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_LIMITS,
  bootstrapSpearmanCi,
  cappedResamples,
  quantileSorted,
} from './bootstrap.ts';
import { kendallTauB, knightCounts } from './kendall.ts';
import { mulberry32 } from './prng.ts';
import { spearmanRho } from './spearman.ts';

/** Random data with many ties (values on a coarse grid). */
function sample(n: number, seed: number): { x: number[]; y: number[] } {
  const random = mulberry32(seed);
  const x = Array.from({ length: n }, () => Math.floor(random() * 7) / 2);
  const y = x.map((v) => Math.round((v * 0.4 + random() * 3) * 2) / 2);
  return { x, y };
}

/** Every pair compared, as the O(n²) version did. */
function naive(x: readonly number[], y: readonly number[]): { dis: number; jointTies: number } {
  let dis = 0;
  let jointTies = 0;
  for (let i = 0; i < x.length; i += 1)
    for (let j = i + 1; j < x.length; j += 1) {
      const s = Math.sign((x[i] ?? 0) - (x[j] ?? 0)) * Math.sign((y[i] ?? 0) - (y[j] ?? 0));
      if (s < 0) dis += 1;
      if (x[i] === x[j] && y[i] === y[j]) jointTies += 1;
    }
  return { dis, jointTies };
}

describe("Kendall's tau-b by Knight's method", () => {
  it.each([2, 3, 10, 33, 34, 257, 1000])(
    'counts pairs as comparing all of them (n = %i, ties)',
    (n) => {
      const { x, y } = sample(n, n);
      expect(knightCounts(x, y)).toEqual(naive(x, y));
    },
  );

  it('counts pairs without ties too (the exact-p path)', () => {
    const random = mulberry32(4);
    const x = Array.from({ length: 30 }, () => random());
    const y = Array.from({ length: 30 }, () => random());
    expect(knightCounts(x, y)).toEqual(naive(x, y));
    expect(kendallTauB(x, y).method).toBe('exact');
  });

  it('takes 200,000 pairs (20 billion pairs compared directly) in one call', () => {
    const { x, y } = sample(200_000, 9);
    const r = kendallTauB(x, y);
    expect(r.n).toBe(200_000);
    expect(r.value).toBeGreaterThan(0.1);
    expect(r.value).toBeLessThan(1);
  });
});

/** The bootstrap as it was: draw, then rank each resample by sorting. */
function sortingBootstrap(
  x: readonly number[],
  y: readonly number[],
  resamples: number,
  seed: number,
) {
  const random = mulberry32(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r += 1) {
    const bx: number[] = [];
    const by: number[] = [];
    for (let i = 0; i < x.length; i += 1) {
      const k = Math.floor(random() * x.length);
      bx.push(x[k] ?? NaN);
      by.push(y[k] ?? NaN);
    }
    const rho = spearmanRho(bx, by);
    if (!Number.isNaN(rho)) values.push(rho);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - 0.95) / 2;
  return {
    lo: quantileSorted(values, alpha),
    hi: quantileSorted(values, 1 - alpha),
    resamples: values.length,
  };
}

describe('the bootstrap without a sort per resample', () => {
  it.each([3, 4, 12, 60, 400])(
    'gives bit for bit the interval of sorting each resample (n = %i)',
    (n) => {
      const { x, y } = sample(n, 100 + n);
      const fast = bootstrapSpearmanCi(x, y, { resamples: 300, seed: 11 });
      expect({ lo: fast.lo, hi: fast.hi, resamples: fast.resamples }).toEqual(
        sortingBootstrap(x, y, 300, 11),
      );
    },
  );

  it('caps its work on large n and says so', () => {
    expect(cappedResamples(2000, 20_000)).toBe(2000);
    expect(cappedResamples(2000, 200_000)).toBe(500);
    expect(cappedResamples(2000, 10_000_000)).toBe(BOOTSTRAP_LIMITS.minResamples.value);
    expect(cappedResamples(50, 10_000_000)).toBe(50);
    const { x, y } = sample(1_000, 3);
    const r = bootstrapSpearmanCi(x, y, { resamples: 5 });
    expect([r.requested, r.drawn]).toEqual([5, 5]);
  });
});
