/**
 * Recomputes the correlation statistics of one `StatInput` (live, on the current selection).
 * Pure: no React. Bootstrap uses a fixed seed so the same selection always gives the same CI.
 */
import type { CorrelationResult, LinearFit } from '../../study/stats/index.ts';
import {
  bootstrapSpearmanCi,
  confidenceBand,
  kendallTauB,
  linearFit,
  pearson,
  spearman,
} from '../../study/stats/index.ts';
import type { StatInput } from '../../study/selectors.ts';
import { agreeWithTest } from '../../study/stats/agreement.ts';

/** Fixed bootstrap settings: same selection, same interval. */
export const BOOTSTRAP = { resamples: 2000, seed: 20210118, level: 0.95 } as const;

/** Smallest n for which a correlation is computed at all. */
export const MIN_N = 3;

/** Every recomputed statistic for one group, or nulls where n is too small. */
export interface CorrelationSummary {
  readonly input: StatInput;
  readonly n: number;
  readonly spearman: CorrelationResult | null;
  readonly kendall: CorrelationResult | null;
  readonly pearson: CorrelationResult | null;
  /** The bootstrap CI, extended to 0 where the Spearman p beside it is ≥ 0.05 (agreement.ts). */
  readonly ci: {
    readonly lo: number;
    readonly hi: number;
    readonly resamples: number;
    readonly extended: boolean;
  } | null;
}

/**
 * Computes Spearman ρ (with p and method), Kendall τ-b, Pearson r and a bootstrap CI for ρ.
 * @param input paired vectors from a selector
 * @returns the summary; statistics are null when n < MIN_N or a variable is constant
 */
export function summarize(input: StatInput): CorrelationSummary {
  const n = input.x.length;
  const constant = (v: readonly number[]): boolean => v.every((a) => a === v[0]);
  if (n < MIN_N || constant(input.x) || constant(input.y)) {
    return { input, n, spearman: null, kendall: null, pearson: null, ci: null };
  }
  const rho = spearman(input.x, input.y);
  const boot = bootstrapSpearmanCi(input.x, input.y, BOOTSTRAP);
  return {
    input,
    n,
    spearman: rho,
    kendall: kendallTauB(input.x, input.y),
    pearson: pearson(input.x, input.y),
    ci: { ...agreeWithTest(boot.lo, boot.hi, rho.p), resamples: boot.resamples },
  };
}

/** A least-squares line with its 95% confidence band, sampled along x. */
export interface FitBand {
  readonly fit: LinearFit;
  readonly band: readonly { x: number; fit: number; lo: number; hi: number }[];
}

/**
 * Fits y = a + b·x and samples the fit and its 95% band at `samples` evenly spaced x.
 * @param x predictor values
 * @param y responses
 * @param samples how many x positions to sample
 * @returns the fit and band, or null when fewer than MIN_N points or x is constant
 */
export function fitWithBand(
  x: readonly number[],
  y: readonly number[],
  samples = 40,
): FitBand | null {
  if (x.length < MIN_N) return null;
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  if (lo === hi) return null;
  const fit = linearFit(x, y);
  const at = Array.from({ length: samples }, (_, i) => lo + ((hi - lo) * i) / (samples - 1));
  return { fit, band: confidenceBand(fit, x, at, 0.95) };
}

/**
 * Formats a p-value for a caption.
 * @param p the p-value
 * @returns e.g. "p = 0.032" or "p < 0.001"
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'p n/a';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}
