/**
 * An interval shown beside a p-value must not contradict it. At small n the Fisher-z interval of
 * a Spearman ρ is an approximation, while the p beside it is exact (a permutation test for
 * n ≤ 9): with n = 6, the Fisher interval [−0.98, −0.02] excludes 0 although the exact p is
 * 0.058. Where the test does not reject ρ = 0 at the interval's level, the interval is extended
 * to reach 0 and says so, so no interval on screen ever excludes 0 beside p ≥ α.
 */

/** Below this n the Fisher interval is labelled approximate (the exact test is used to 9). */
export const APPROXIMATE_BELOW_N = 10;

/** An interval as shown, and whether it had to be extended to agree with the test. */
export interface ShownInterval {
  readonly lo: number;
  readonly hi: number;
  /** True when an end was moved to 0 because p ≥ α. */
  readonly extended: boolean;
}

/**
 * @param lo lower bound
 * @param hi upper bound
 * @param p the two-sided p-value shown beside the interval (NaN: nothing to agree with)
 * @param alpha the test's level, 1 − the interval's confidence (default 0.05)
 * @returns the interval, extended to 0 when it excludes 0 but p ≥ alpha
 */
export function agreeWithTest(lo: number, hi: number, p: number, alpha = 0.05): ShownInterval {
  if (!(p >= alpha)) return { lo, hi, extended: false };
  if (lo > 0) return { lo: 0, hi, extended: true };
  if (hi < 0) return { lo, hi: 0, extended: true };
  return { lo, hi, extended: false };
}
