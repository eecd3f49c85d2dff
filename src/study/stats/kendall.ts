/** Kendall's tau-b, following SciPy's `kendalltau` (variant 'b', method 'auto'). */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { CorrelationResult } from './pearson.ts';
import { assertPaired } from './pearson.ts';

/** SciPy uses the exact null distribution without ties for n <= 33. */
const EXACT_KENDALL_MAX_N = 33;

/** Tie statistics of one variable, as SciPy's `count_rank_tie` computes them. */
function tieStats(values: readonly number[]): { pairs: number; t0: number; t1: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let pairs = 0;
  let t0 = 0;
  let t1 = 0;
  for (const c of counts.values()) {
    if (c < 2) continue;
    pairs += (c * (c - 1)) / 2;
    t0 += c * (c - 1) * (c - 2);
    t1 += c * (c - 1) * (2 * c + 5);
  }
  return { pairs, t0, t1 };
}

/**
 * Exact two-sided p without ties: 2 * P(inversions <= c) with c = min(dis, con), from the
 * Mahonian numbers (permutations of n with k inversions), as SciPy's `_kendall_p_exact`.
 * @param n sample size
 * @param dis discordant pairs
 * @returns the two-sided p-value
 */
function kendallExactP(n: number, dis: number): number {
  const total = (n * (n - 1)) / 2;
  const c = Math.min(dis, total - dis);
  if (n <= 2) return 1;
  if (4 * c === n * (n - 1)) return 1;
  // counts[k] = permutations of j items with exactly k inversions, built up j = 1..n, truncated at c.
  let counts = new Array<number>(c + 1).fill(0);
  counts[0] = 1;
  let factorial = 1;
  for (let j = 2; j <= n; j += 1) {
    factorial *= j;
    const next = new Array<number>(c + 1).fill(0);
    let window = 0;
    for (let k = 0; k <= c; k += 1) {
      window += counts[k] ?? 0;
      if (k - j >= 0) window -= counts[k - j] ?? 0;
      next[k] = window;
    }
    counts = next;
  }
  const tail = counts.reduce((s, v) => s + v, 0);
  return Math.min(1, (2 * tail) / factorial);
}

/**
 * Pairs discordant in x and y (x_i < x_j and y_i > y_j), and pairs tied in both, by Knight's
 * method (W. R. Knight, "A computer method for calculating Kendall's tau with ungrouped data",
 * JASA 61(314), 1966, pp. 436-439): sort by x, then y; the discordant pairs are then the
 * inversions of the y sequence, counted by a merge sort. O(n log n).
 * @param x first variable
 * @param y second variable (same length)
 * @returns discordant pairs and pairs tied in both variables
 */
export function knightCounts(
  x: readonly number[],
  y: readonly number[],
): { dis: number; jointTies: number } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (x[a] ?? 0) - (x[b] ?? 0) || (y[a] ?? 0) - (y[b] ?? 0),
  );
  let jointTies = 0;
  let run = 1;
  for (let k = 1; k <= n; k += 1) {
    const a = order[k - 1] ?? 0;
    const b = order[k] ?? 0;
    if (k < n && x[a] === x[b] && y[a] === y[b]) run += 1;
    else {
      jointTies += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return { dis: inversions(Float64Array.from(order, (i) => y[i] ?? 0)), jointTies };
}

/** Strict inversions (i < j, v_i > v_j) of `v`, counted by a bottom-up merge sort (sorts `v`). */
function inversions(v: Float64Array): number {
  let from: Float64Array = v;
  let to: Float64Array = new Float64Array(v.length);
  let count = 0;
  for (let width = 1; width < v.length; width *= 2) {
    for (let lo = 0; lo < v.length; lo += 2 * width) {
      const mid = Math.min(lo + width, v.length);
      const hi = Math.min(lo + 2 * width, v.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Ties go left first, so equal values never count as inversions.
        if ((from[j] ?? 0) < (from[i] ?? 0)) {
          count += mid - i;
          to[k++] = from[j++] ?? 0;
        } else to[k++] = from[i++] ?? 0;
      }
      while (i < mid) to[k++] = from[i++] ?? 0;
      while (j < hi) to[k++] = from[j++] ?? 0;
    }
    [from, to] = [to, from];
  }
  return count;
}

/**
 * Kendall's tau-b with SciPy's p-value: exact without ties for n <= 33, otherwise the normal
 * approximation with SciPy's tie-corrected variance of (concordant - discordant).
 * Pairs are counted by Knight's O(n log n) method (`knightCounts`), so 200,000 pairs take
 * milliseconds, not the minutes of comparing every pair.
 * @param x first variable
 * @param y second variable (same length)
 * @returns tau-b and its two-sided p; NaN for n < 3 or when a variable is constant
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): CorrelationResult {
  assertPaired(x, y);
  const n = x.length;
  const { dis, jointTies } = knightCounts(x, y);
  const tx = tieStats(x);
  const ty = tieStats(y);
  const total = (n * (n - 1)) / 2;
  // Every pair is concordant, discordant, tied in x only, in y only, or in both.
  const con = total - tx.pairs - ty.pairs + jointTies - dis;
  const noTies = tx.pairs === 0 && ty.pairs === 0;
  const exact = noTies && (n <= EXACT_KENDALL_MAX_N || Math.min(dis, total - dis) <= 1);
  const method = exact ? 'exact' : 'normal';
  if (n < 3 || tx.pairs === total || ty.pairs === total) {
    return { value: Number.NaN, p: Number.NaN, n, method };
  }
  const value = Math.max(
    -1,
    Math.min(1, (con - dis) / Math.sqrt((total - tx.pairs) * (total - ty.pairs))),
  );
  if (exact) return { value, p: kendallExactP(n, dis), n, method };
  const m = n * (n - 1);
  const variance =
    (m * (2 * n + 5) - tx.t1 - ty.t1) / 18 +
    (2 * tx.pairs * ty.pairs) / m +
    (tx.t0 * ty.t0) / (9 * m * (n - 2));
  const z = Math.abs(con - dis) / Math.sqrt(variance);
  return { value, p: Math.min(1, 2 * normalCdf(-z, 0, 1)), n, method };
}
