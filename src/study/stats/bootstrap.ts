/**
 * Percentile bootstrap confidence interval for Spearman's rho, deterministic for a seed.
 *
 * Linear per resample: a resample only repeats the sample's own values, so each value's rank in
 * it follows from how many times each distinct value was drawn (its average rank is the count
 * drawn below it plus (count + 1) / 2, SciPy's `rankdata` 'average'), with no sort. The ranks are
 * then correlated in draw order with `pearsonR`'s arithmetic, so the interval is bit for bit the
 * one a sort per resample gives (scale.test.ts checks it). The work (resamples × n draws) is capped: past the cap the
 * resample count is lowered, and the result says how many were drawn and how many were asked.
 */
import type { ReaderLimits } from '../../refusal/readerLimits.ts';
import { mulberry32 } from './prng.ts';
import { assertPaired } from './pearson.ts';

/** The bootstrap's budget. */
export const BOOTSTRAP_LIMITS = {
  draws: {
    value: 100_000_000,
    unit: 'pairs drawn (resamples × n), per bootstrap; `chextransfer stats --group` shares one such budget among all its bootstraps',
    why: 'a few seconds of work: 2,000 resamples (the default) up to n = 50,000; a 200,000-row table gets 500, still far more than its ±0.003-wide interval needs, instead of 2,000 × 200,000 draws',
  },
  minResamples: {
    value: 200,
    unit: 'resamples',
    why: 'fewer would leave the 2.5th and 97.5th percentiles resting on 5 values each; the cap never lowers a request below this',
  },
} as const satisfies ReaderLimits;

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
 * @param requested resamples asked for
 * @param n sample size
 * @param maxDraws the work budget (default BOOTSTRAP_LIMITS.draws)
 * @returns the resamples the budget allows: the request, or fewer but never below the minimum
 *   (nor above the request)
 */
export function cappedResamples(
  requested: number,
  n: number,
  maxDraws: number = BOOTSTRAP_LIMITS.draws.value,
): number {
  const byWork = Math.floor(maxDraws / Math.max(1, n));
  return Math.min(requested, Math.max(BOOTSTRAP_LIMITS.minResamples.value, byWork));
}

/** Each value's group of equal values, numbered in ascending order of value. */
function valueGroups(values: readonly number[]): { group: Int32Array; groups: number } {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const group = new Int32Array(values.length);
  let g = -1;
  let previous = Number.NaN;
  for (const i of order) {
    const v = values[i] ?? 0;
    if (g < 0 || v !== previous) g += 1;
    group[i] = g;
    previous = v;
  }
  return { group, groups: g + 1 };
}

/**
 * Average ranks of each group in one resample, from how many of its members were drawn.
 * @param counts draws per group (reset here for the next resample)
 * @param ranks written: the group's average 1-based rank
 */
function groupRanks(counts: Int32Array, ranks: Float64Array): void {
  let below = 0;
  for (let g = 0; g < counts.length; g += 1) {
    const c = counts[g] ?? 0;
    // (start + end + 2) / 2 with start = below, end = below + c - 1, as `rank` computes it.
    ranks[g] = (2 * below + c + 1) / 2;
    below += c;
    counts[g] = 0;
  }
}

/** A variable's value groups and the per-resample scratch for them. */
interface Ranker {
  readonly group: Int32Array;
  readonly counts: Int32Array;
  readonly ranks: Float64Array;
}

/**
 * Pearson's r of two rank vectors with exactly `pearsonR`'s arithmetic (means summed in order,
 * then the deviations' products in order), on typed arrays: the same double at about twice the
 * speed of the generic version on arrays.
 */
function pearsonOfRanks(bx: Float64Array, by: Float64Array): number {
  const n = bx.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i += 1) {
    sx += bx[i] ?? 0;
    sy += by[i] ?? 0;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (bx[i] ?? 0) - mx;
    const dy = (by[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** One resample's rho, from drawn indices. */
function resampleRho(
  drawn: Int32Array,
  gx: Ranker,
  gy: Ranker,
  bx: Float64Array,
  by: Float64Array,
): number {
  for (let i = 0; i < drawn.length; i += 1) {
    const k = drawn[i] ?? 0;
    const a = gx.group[k] ?? 0;
    const b = gy.group[k] ?? 0;
    gx.counts[a] = (gx.counts[a] ?? 0) + 1;
    gy.counts[b] = (gy.counts[b] ?? 0) + 1;
  }
  groupRanks(gx.counts, gx.ranks);
  groupRanks(gy.counts, gy.ranks);
  for (let i = 0; i < drawn.length; i += 1) {
    const k = drawn[i] ?? 0;
    bx[i] = gx.ranks[gx.group[k] ?? 0] ?? 0;
    by[i] = gy.ranks[gy.group[k] ?? 0] ?? 0;
  }
  return pearsonOfRanks(bx, by);
}

/** The bootstrap's outcome. */
export interface BootstrapCi {
  readonly lo: number;
  readonly hi: number;
  /** Resamples whose rho was defined (those used for the interval). */
  readonly resamples: number;
  /** Resamples drawn: the request, or fewer when the work cap lowered it. */
  readonly drawn: number;
  /** Resamples asked for. */
  readonly requested: number;
}

/**
 * Resamples the pairs with replacement and reports the percentile interval of rho.
 * Resamples where rho is undefined (every drawn x or y equal) are discarded; `resamples` in the
 * result counts the resamples actually used, so a reader can see when many were degenerate.
 * @param x first variable
 * @param y second variable
 * @param opts resamples (default 2000; lowered past the work budget), seed (default 1), level
 *   (0.95), maxDraws (the work budget, default BOOTSTRAP_LIMITS.draws)
 * @returns the interval bounds and the resample counts (NaN bounds for n < 3)
 */
export function bootstrapSpearmanCi(
  x: readonly number[],
  y: readonly number[],
  opts: { resamples?: number; seed?: number; level?: number; maxDraws?: number } = {},
): BootstrapCi {
  assertPaired(x, y);
  const { resamples: requested = 2000, seed = 1, level = 0.95, maxDraws } = opts;
  const n = x.length;
  if (n < 3) return { lo: NaN, hi: NaN, resamples: 0, drawn: 0, requested };
  const drawnCount = cappedResamples(requested, n, maxDraws);
  const random = mulberry32(seed);
  const withScratch = (v: readonly number[]): Ranker => {
    const { group, groups } = valueGroups(v);
    return { group, counts: new Int32Array(groups), ranks: new Float64Array(groups) };
  };
  const gx = withScratch(x);
  const gy = withScratch(y);
  const drawn = new Int32Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const values: number[] = [];
  for (let r = 0; r < drawnCount; r += 1) {
    for (let i = 0; i < n; i += 1) drawn[i] = Math.floor(random() * n);
    const rho = resampleRho(drawn, gx, gy, bx, by);
    if (!Number.isNaN(rho)) values.push(rho);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return {
    lo: quantileSorted(values, alpha),
    hi: quantileSorted(values, 1 - alpha),
    resamples: values.length,
    drawn: drawnCount,
    requested,
  };
}
