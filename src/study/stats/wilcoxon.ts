/** Wilcoxon signed-rank test for paired samples (SciPy `wilcoxon`, zero_method 'wilcox'). */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { assertPaired } from './pearson.ts';
import { rank, tieGroups } from './ranks.ts';

/** SciPy 1.10 uses the exact distribution for up to 50 differences. */
const EXACT_WILCOXON_MAX_N = 50;

/**
 * Counts of subsets of {1..n} by rank sum: the exact null distribution of R+ (2^n outcomes).
 * @param n number of non-zero differences
 * @returns counts indexed by rank sum 0..n(n+1)/2
 */
function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let k = 1; k <= n; k += 1) {
    for (let s = max; s >= k; s -= 1) counts[s] = (counts[s] ?? 0) + (counts[s - k] ?? 0);
  }
  return counts;
}

/**
 * Paired two-sided Wilcoxon signed-rank test on a - b. Zero differences are dropped first
 * (SciPy's default 'wilcox'). The statistic is min(R+, R-), as SciPy reports for two-sided.
 * Exact null distribution when 1 <= n <= 50 with no zeros dropped and no tied |differences|;
 * otherwise the normal approximation with SciPy's tie correction and no continuity correction.
 * Deviation from SciPy 1.10: with tied |differences| SciPy still runs its "exact" branch on a
 * truncated R+, which is not a valid exact test; we use the normal approximation there instead
 * (the reference fixture compares that case against `wilcoxon(..., method='approx')`).
 * @param a first paired sample
 * @param b second paired sample (same length)
 * @returns statistic, p, n (non-zero differences) and the method used
 */
export function wilcoxonSignedRank(
  a: readonly number[],
  b: readonly number[],
): { statistic: number; p: number; n: number; method: 'exact' | 'normal' } {
  assertPaired(a, b);
  const all = a.map((v, i) => v - (b[i] ?? NaN));
  const d = all.filter((v) => v !== 0);
  const n = d.length;
  const ranks = rank(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  d.forEach((v, i) => {
    if (v > 0) rPlus += ranks[i] ?? 0;
    else rMinus += ranks[i] ?? 0;
  });
  const statistic = Math.min(rPlus, rMinus);
  const ties = tieGroups(d.map(Math.abs));
  const exact = n >= 1 && n <= EXACT_WILCOXON_MAX_N && d.length === all.length && ties.length === 0;
  if (n === 0) return { statistic: NaN, p: NaN, n, method: 'normal' };
  if (exact) {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    let less = 0;
    for (let s = 0; s <= rPlus; s += 1) less += counts[s] ?? 0;
    let greater = 0;
    for (let s = rPlus; s < counts.length; s += 1) greater += counts[s] ?? 0;
    const p = Math.min(1, (2 * Math.min(less, greater)) / total);
    return { statistic, p, n, method: 'exact' };
  }
  const meanT = (n * (n + 1)) / 4;
  let variance = n * (n + 1) * (2 * n + 1);
  for (const t of ties) variance -= 0.5 * t * (t * t - 1);
  const se = Math.sqrt(variance / 24);
  const z = (statistic - meanT) / se;
  return { statistic, p: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)), n, method: 'normal' };
}
