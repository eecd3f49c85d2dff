/** Spearman's rank correlation with an exact permutation p-value for small samples. */
import type { CorrelationResult } from './pearson.ts';
import { assertPaired, pearsonR, tTestP } from './pearson.ts';
import { rank } from './ranks.ts';

/** Largest n for which all n! pairings are enumerated (9! = 362,880 pairings, a few ms). */
export const EXACT_SPEARMAN_MAX_N = 9;

/**
 * Exact two-sided permutation p-value for Spearman's rho: every one of the n! pairings of the y
 * ranks with the x ranks is equally likely under H0. With fixed marginal ranks, rho is an
 * increasing function of S = sum(rx * ry), so we count pairings with S >= S_obs and S <= S_obs
 * and return min(1, 2 * min(those two proportions)). This is SciPy's
 * `permutation_test(..., permutation_type='pairings', alternative='two-sided')` definition,
 * which `spearmanr(method=PermutationMethod(n_resamples=inf))` uses. Doubled ranks are integers
 * even with ties (average ranks are multiples of 1/2), so the comparisons are exact.
 * @param rx ranks of x
 * @param ry ranks of y
 * @returns the exact two-sided p-value
 */
function exactPermutationP(rx: readonly number[], ry: readonly number[]): number {
  const a = rx.map((r) => Math.round(2 * r));
  const b = ry.map((r) => Math.round(2 * r));
  const n = a.length;
  const statistic = (perm: readonly number[]): number => {
    let s = 0;
    for (let i = 0; i < n; i += 1) s += (a[i] ?? 0) * (perm[i] ?? 0);
    return s;
  };
  const observed = statistic(b);
  let atLeast = 0;
  let atMost = 0;
  let total = 0;
  // Heap's algorithm (iterative) visits every permutation of b exactly once, one swap at a time,
  // so S is updated in O(1) per permutation: swapping positions i and j changes S by
  // (a[i] - a[j]) * (perm[j] - perm[i]). Integer arithmetic keeps this exact.
  const perm = [...b];
  const c = new Array<number>(n).fill(0);
  let s = observed;
  const visit = (): void => {
    if (s >= observed) atLeast += 1;
    if (s <= observed) atMost += 1;
    total += 1;
  };
  visit();
  let i = 1;
  while (i < n) {
    const ci = c[i] ?? 0;
    if (ci < i) {
      const j = i % 2 === 0 ? 0 : ci;
      const pi = perm[i] ?? 0;
      const pj = perm[j] ?? 0;
      s += ((a[i] ?? 0) - (a[j] ?? 0)) * (pj - pi);
      perm[i] = pj;
      perm[j] = pi;
      visit();
      c[i] = ci + 1;
      i = 1;
    } else {
      c[i] = 0;
      i += 1;
    }
  }
  return Math.min(1, (2 * Math.min(atLeast, atMost)) / total);
}

/**
 * Spearman's rank correlation (Pearson's r of average ranks).
 * p-value: exact permutation test for n <= 9 (`method: 'exact'`), else SciPy's default
 * t approximation with n - 2 df (`method: 't'`).
 * @param x first variable
 * @param y second variable (same length)
 * @returns rho and its two-sided p; value and p are NaN for n < 3 or when a variable is constant
 */
export function spearman(x: readonly number[], y: readonly number[]): CorrelationResult {
  assertPaired(x, y);
  const n = x.length;
  const exact = n <= EXACT_SPEARMAN_MAX_N;
  const method = exact ? 'exact' : 't';
  if (n < 3) return { value: Number.NaN, p: Number.NaN, n, method };
  const rx = rank(x);
  const ry = rank(y);
  const value = pearsonR(rx, ry);
  if (Number.isNaN(value)) return { value, p: Number.NaN, n, method };
  const p = exact ? exactPermutationP(rx, ry) : tTestP(value, n);
  return { value, p, n, method };
}

/**
 * Spearman's rho only (no p-value); used inside the bootstrap where p is not needed.
 * @param x first variable
 * @param y second variable
 * @returns rho, or NaN when undefined
 */
export function spearmanRho(x: readonly number[], y: readonly number[]): number {
  if (x.length < 3) return Number.NaN;
  return pearsonR(rank(x), rank(y));
}
