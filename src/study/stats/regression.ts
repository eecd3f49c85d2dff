/** Ordinary least squares of y on x, and the confidence band of the mean response. */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { assertPaired } from './pearson.ts';
import { mean } from './ranks.ts';

/** A fitted line y = intercept + slope * x. */
export interface LinearFit {
  slope: number;
  intercept: number;
  r2: number;
  n: number;
  /** Residual standard error, sqrt(SSE / (n - 2)). */
  residualSe: number;
}

/**
 * Least-squares line (SciPy `linregress`).
 * @param x predictor
 * @param y response (same length)
 * @returns the fit; every field but n is NaN for n < 3 or a constant x (residualSe needs n > 2)
 */
export function linearFit(x: readonly number[], y: readonly number[]): LinearFit {
  assertPaired(x, y);
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (n < 3 || sxx === 0) {
    return { slope: NaN, intercept: NaN, r2: NaN, n, residualSe: NaN };
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  // A constant y is fitted perfectly by a flat line; r^2 is then undefined (0/0), as in SciPy.
  const r2 = syy === 0 ? NaN : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2, n, residualSe: Math.sqrt(sse / (n - 2)) };
}

/**
 * Pointwise confidence interval of the mean response: fit(x0) +- t(n - 2) * se *
 * sqrt(1/n + (x0 - mean x)^2 / Sxx). Not a prediction interval (that would add 1 under the root).
 * @param fit the fitted line
 * @param x the predictor values the line was fitted on (for mean x and Sxx)
 * @param at where to evaluate the band
 * @param level confidence level, default 0.95
 * @returns one point per `at` value
 */
export function confidenceBand(
  fit: LinearFit,
  x: readonly number[],
  at: readonly number[],
  level = 0.95,
): { x: number; fit: number; lo: number; hi: number }[] {
  const mx = mean(x);
  let sxx = 0;
  for (const v of x) sxx += (v - mx) ** 2;
  const q = fit.n > 2 ? tQuantile(1 - (1 - level) / 2, fit.n - 2) : NaN;
  return at.map((x0) => {
    const yHat = fit.intercept + fit.slope * x0;
    const half = q * fit.residualSe * Math.sqrt(1 / fit.n + (x0 - mx) ** 2 / sxx);
    return { x: x0, fit: yHat, lo: yHat - half, hi: yHat + half };
  });
}
