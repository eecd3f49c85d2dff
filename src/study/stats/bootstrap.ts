/** Percentile bootstrap confidence interval for Spearman's rho, deterministic for a seed. */
import { mulberry32 } from './prng.ts';
import { assertPaired } from './pearson.ts';
import { spearmanRho } from './spearman.ts';

/**
 * Linear-interpolation quantile of sorted values (NumPy's default `percentile` method).
 * @param sorted ascending values
 * @param q quantile in [0, 1]
 * @returns the quantile
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (b - a) * (pos - lo);
}

/**
 * Resamples the pairs with replacement and reports the percentile interval of rho.
 * Resamples where rho is undefined (every drawn x or y equal) are discarded; `resamples` in the
 * result counts the resamples actually used, so a reader can see when many were degenerate.
 * @param x first variable
 * @param y second variable
 * @param opts resamples (default 2000), seed (default 1), level (default 0.95)
 * @returns the interval bounds and the number of usable resamples (NaN bounds for n < 3)
 */
export function bootstrapSpearmanCi(
  x: readonly number[],
  y: readonly number[],
  opts: { resamples?: number; seed?: number; level?: number } = {},
): { lo: number; hi: number; resamples: number } {
  assertPaired(x, y);
  const { resamples = 2000, seed = 1, level = 0.95 } = opts;
  const n = x.length;
  if (n < 3) return { lo: NaN, hi: NaN, resamples: 0 };
  const random = mulberry32(seed);
  const values: number[] = [];
  const bx = new Array<number>(n);
  const by = new Array<number>(n);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < n; i += 1) {
      const k = Math.floor(random() * n);
      bx[i] = x[k] ?? NaN;
      by[i] = y[k] ?? NaN;
    }
    const rho = spearmanRho(bx, by);
    if (!Number.isNaN(rho)) values.push(rho);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return {
    lo: quantileSorted(values, alpha),
    hi: quantileSorted(values, 1 - alpha),
    resamples: values.length,
  };
}
