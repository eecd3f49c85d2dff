/**
 * Random-effects meta-analysis of Spearman correlations across studies: Fisher's z = atanh(ρ)
 * with Fieller, Hartley and Pearson's variance 1.06 / (n − 3) for Spearman's ρ (Biometrika 1957),
 * DerSimonian and Laird's moment estimate of the between-study variance τ² (Control Clin Trials
 * 1986), the pooled z back-transformed with tanh, and Higgins and Thompson's I² (Stat Med 2002).
 * Checked against NumPy/SciPy in meta.test.ts (fixture made by scripts/fixtures/meta_reference.py).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** Fieller et al.'s numerator of var(z) for Spearman's ρ (1 for Pearson's r). */
export const FIELLER_NUMERATOR = 1.06;

/** Studies with fewer units are left out: var(z) needs n > 3, and n = 4 is the least that pools. */
export const MIN_META_N = 4;

/** One study's correlation. */
export interface MetaInput {
  readonly label: string;
  readonly rho: number;
  readonly n: number;
}

/** A study in the pooling, with its z, variance, interval and random-effects weight. */
export interface MetaRow extends MetaInput {
  readonly z: number;
  readonly variance: number;
  /** Share of the random-effects weight, 0..1. */
  readonly weight: number;
  readonly ci: readonly [number, number];
}

/** A study left out, and why. */
export interface MetaExcluded {
  readonly label: string;
  readonly n: number;
  readonly reason: string;
}

/** The pooled estimate. */
export interface Pooled {
  readonly rho: number;
  readonly ci: readonly [number, number];
  readonly z: number;
  readonly se: number;
  readonly tau2: number;
  /** Cochran's Q (fixed-effect weights). */
  readonly q: number;
  /** I² in 0..1; null with one study (Q has no degrees of freedom). */
  readonly i2: number | null;
}

/** The whole analysis. */
export interface MetaResult {
  readonly k: number;
  readonly rows: readonly MetaRow[];
  readonly excluded: readonly MetaExcluded[];
  /** Null when no study can be pooled. */
  readonly pooled: Pooled | null;
}

/**
 * @param n units behind a Spearman ρ
 * @returns the variance of its Fisher z
 */
export const fisherVariance = (n: number): number => FIELLER_NUMERATOR / (n - 3);

function reasonToLeaveOut(s: MetaInput): string | null {
  if (!Number.isInteger(s.n) || s.n < MIN_META_N) return `n = ${s.n} < ${MIN_META_N}`;
  if (!Number.isFinite(s.rho)) return 'ρ undefined (a variable is constant)';
  // Rounding can leave a perfect rank correlation at 0.9999999999999999.
  if (Math.abs(s.rho) >= 1 - 1e-12) return 'ρ = ±1: its Fisher z is infinite';
  return null;
}

/** Fixed-effect weights, Cochran's Q and the DerSimonian–Laird τ² (0 with one study). */
function dersimonianLaird(z: readonly number[], v: readonly number[]) {
  const k = z.length;
  const w = v.map((x) => 1 / x);
  const sumW = w.reduce((a, b) => a + b, 0);
  const zFixed = w.reduce((a, wi, i) => a + wi * (z[i] ?? 0), 0) / sumW;
  const q = w.reduce((a, wi, i) => a + wi * ((z[i] ?? 0) - zFixed) ** 2, 0);
  const c = sumW - w.reduce((a, wi) => a + wi * wi, 0) / sumW;
  const tau2 = k > 1 && c > 0 ? Math.max(0, (q - (k - 1)) / c) : 0;
  return { q, tau2 };
}

/**
 * DerSimonian–Laird random-effects pooling of Spearman ρ on Fisher's z scale.
 * @param studies one correlation per study
 * @param level confidence level of the intervals (default 0.95)
 * @returns per-study rows, exclusions, and the pooled estimate (null when nothing pools)
 */
export function randomEffectsSpearman(studies: readonly MetaInput[], level = 0.95): MetaResult {
  const excluded: MetaExcluded[] = [];
  const kept: MetaInput[] = [];
  for (const s of studies) {
    const reason = reasonToLeaveOut(s);
    if (reason) excluded.push({ label: s.label, n: s.n, reason });
    else kept.push(s);
  }
  const k = kept.length;
  if (k === 0) return { k, rows: [], excluded, pooled: null };
  const crit = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const z = kept.map((s) => Math.atanh(s.rho));
  const v = kept.map((s) => fisherVariance(s.n));
  const { q, tau2 } = dersimonianLaird(z, v);
  const wr = v.map((x) => 1 / (x + tau2));
  const sumWr = wr.reduce((a, b) => a + b, 0);
  const zPooled = wr.reduce((a, wi, i) => a + wi * (z[i] ?? 0), 0) / sumWr;
  const se = Math.sqrt(1 / sumWr);
  const interval = (centre: number, half: number) =>
    [Math.tanh(centre - half), Math.tanh(centre + half)] as const;
  const rows = kept.map((s, i) => ({
    ...s,
    z: z[i] ?? 0,
    variance: v[i] ?? 0,
    weight: (wr[i] ?? 0) / sumWr,
    ci: interval(z[i] ?? 0, crit * Math.sqrt(v[i] ?? 0)),
  }));
  const i2 = k < 2 ? null : q > 0 ? Math.max(0, (q - (k - 1)) / q) : 0;
  const pooled = {
    rho: Math.tanh(zPooled),
    ci: interval(zPooled, crit * se),
    z: zPooled,
    se,
    tau2,
    q,
    i2,
  };
  return { k, rows, excluded, pooled };
}
