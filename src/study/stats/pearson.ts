/** Pearson correlation with SciPy's two-sided p-value. */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { mean } from './ranks.ts';

/** A correlation coefficient with its two-sided p-value and how the p-value was obtained. */
export interface CorrelationResult {
  value: number;
  p: number;
  n: number;
  method: 'exact' | 't' | 'normal';
}

/**
 * Checks paired inputs of equal length.
 * @param x first variable
 * @param y second variable
 * @throws when the lengths differ
 */
export function assertPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new RangeError(`paired inputs differ in length: ${x.length} vs ${y.length}`);
  }
}

/**
 * Pearson's r without the p-value; NaN when either variable is constant.
 * @param x first variable
 * @param y second variable
 * @returns r, clipped to [-1, 1] against rounding (as SciPy does)
 */
export function pearsonR(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Two-sided p-value of a correlation coefficient under H0 (rho = 0) by the t distribution with
 * n - 2 degrees of freedom. For Pearson's r this is SciPy's exact p (the beta form is the same
 * distribution); for Spearman's rho it is SciPy's default approximation.
 * @param r the coefficient
 * @param n number of pairs
 * @returns the two-sided p-value (0 for |r| = 1)
 */
export function tTestP(r: number, n: number): number {
  if (!Number.isFinite(r) || n < 3) return Number.NaN;
  if (Math.abs(r) >= 1) return 0;
  const df = n - 2;
  const t = Math.abs(r) * Math.sqrt(df / ((1 + r) * (1 - r)));
  // 2 * survival function; tCdf(-t) avoids cancellation in 1 - cdf(t) for large t.
  return Math.min(1, 2 * tCdf(-t, df));
}

/**
 * Pearson correlation.
 * @param x first variable
 * @param y second variable (same length)
 * @returns r and its two-sided p (t test, n - 2 df); NaN for n < 3 or a constant variable
 */
export function pearson(x: readonly number[], y: readonly number[]): CorrelationResult {
  assertPaired(x, y);
  const n = x.length;
  if (n < 3) return { value: Number.NaN, p: Number.NaN, n, method: 't' };
  const value = pearsonR(x, y);
  return { value, p: tTestP(value, n), n, method: 't' };
}
