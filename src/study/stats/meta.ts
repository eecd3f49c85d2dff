/**
 * Random-effects meta-analysis of Spearman correlations, with papers as the unit of independence.
 *
 * - Per study: Fisher's z = atanh(ρ) with Fieller, Hartley and Pearson's variance 1.06 / (n − 3)
 *   for Spearman's ρ (Biometrika 1957); studies with n < 4, or ρ undefined or ±1, are left out.
 * - Studies of one paper (same models, code and seeds on two datasets, say) are not independent:
 *   they are combined first into one paper estimate, the mean of their z and the mean of their
 *   variances. That treats them as fully dependent, which is conservative.
 * - Across k papers, only when k ≥ 3: DerSimonian and Laird's moment estimate of τ² (Control Clin
 *   Trials 1986), the random-effects mean, and the Hartung–Knapp–Sidik–Jonkman interval exactly as
 *   metafor's `test = "knha"` computes it: a t quantile with k − 1 degrees of freedom and the
 *   scale q = Σ w*(z − z̄)² / (k − 1), not truncated at 1. I² (Higgins and Thompson, Stat Med
 *   2002) from Cochran's Q over the papers. The pooled z and its interval are back-transformed
 *   with tanh. Below 3 papers there is no pooled number at all, only the reason.
 * Checked against NumPy/SciPy (fixtures/meta.json, made by scripts/fixtures/meta_reference.py).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Fieller et al.'s numerator of var(z) for Spearman's ρ (1 for Pearson's r). */
export const FIELLER_NUMERATOR = 1.06;

/** Studies with fewer units are left out: var(z) needs n > 3, and n = 4 is the least that pools. */
export const MIN_META_N = 4;

/** Independent papers a pooled estimate needs: τ² from fewer is a guess, and so is the interval. */
export const MIN_PAPERS = 3;

/** The method, in words, as the command line prints it and the view cites it. */
export const META_METHOD = `Spearman rho per study on Fisher z = atanh(rho), var = ${FIELLER_NUMERATOR}/(n - 3); studies of one paper combined (mean z, mean variance); DerSimonian-Laird tau2 across papers; Hartung-Knapp-Sidik-Jonkman 95% CI (t, k - 1 df, as metafor test="knha"); back-transformed with tanh; pooled only from at least ${MIN_PAPERS} independent papers`;

/** One study's correlation. */
export interface MetaInput {
  readonly label: string;
  readonly rho: number;
  readonly n: number;
  /** The paper the study comes from; absent means the study is its own paper. */
  readonly paper?: string;
}

/** A study that enters its paper's estimate, with its z, variance and (normal) Fisher interval. */
export interface MetaRow {
  readonly label: string;
  readonly rho: number;
  readonly n: number;
  readonly paper: string;
  readonly z: number;
  readonly variance: number;
  /** Fisher interval at the normal quantile: approximate, the more so for small n. */
  readonly ci: readonly [number, number];
}

/** One independent paper: its studies combined. */
export interface PaperRow {
  readonly paper: string;
  /** The labels of its studies, in input order. */
  readonly labels: readonly string[];
  /** Mean z of its studies. */
  readonly z: number;
  /** Mean variance of its studies. */
  readonly variance: number;
  /** Share of the random-effects weight, 0..1; null when nothing is pooled. */
  readonly weight: number | null;
}

/** A study left out, and why. */
export interface MetaExcluded {
  readonly label: string;
  readonly n: number;
  readonly reason: string;
}

/** The pooled estimate across papers. */
export interface Pooled {
  readonly rho: number;
  /** Hartung–Knapp–Sidik–Jonkman interval, back-transformed. */
  readonly ci: readonly [number, number];
  readonly z: number;
  /** The HKSJ standard error of the pooled z. */
  readonly se: number;
  readonly tau2: number;
  /** Cochran's Q over the papers (fixed-effect weights). */
  readonly q: number;
  /** I² in 0..1. */
  readonly i2: number;
  /** Degrees of freedom of the t quantile (k − 1). */
  readonly df: number;
}

/** The whole analysis. */
export interface MetaResult {
  /** Independent papers with at least one study that enters. */
  readonly k: number;
  readonly rows: readonly MetaRow[];
  readonly papers: readonly PaperRow[];
  readonly excluded: readonly MetaExcluded[];
  /** Null below MIN_PAPERS papers. */
  readonly pooled: Pooled | null;
  /** Why there is no pooled estimate, as shown on the row; null when there is one. */
  readonly reason: string | null;
}

/**
 * @param n units behind a Spearman ρ
 * @returns the variance of its Fisher z
 */
export const fisherVariance = (n: number): number => FIELLER_NUMERATOR / (n - 3);

/**
 * The Fisher-z interval of one Spearman ρ (normal quantile, variance 1.06/(n − 3)).
 * @param rho the correlation
 * @param n its units (at least 4)
 * @param level confidence level (default 0.95)
 * @returns [lo, hi], or null when ρ is undefined or ±1 or n < 4
 */
export function fisherInterval(rho: number, n: number, level = 0.95): [number, number] | null {
  if (!(n >= MIN_META_N) || !Number.isFinite(rho) || Math.abs(rho) >= 1) return null;
  const half = normalQuantile(1 - (1 - level) / 2, 0, 1) * Math.sqrt(fisherVariance(n));
  const z = Math.atanh(rho);
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

/**
 * @param k independent papers
 * @returns the words a forest row shows when nothing is pooled
 */
export const notPooledReason = (k: number): string =>
  `not pooled: ${k} independent paper${k === 1 ? '' : 's'}; pooling needs at least ${MIN_PAPERS}`;

function reasonToLeaveOut(s: MetaInput): string | null {
  if (!Number.isInteger(s.n) || s.n < MIN_META_N) return `n = ${s.n} < ${MIN_META_N}`;
  if (!Number.isFinite(s.rho)) return 'ρ undefined (a variable is constant)';
  // Rounding can leave a perfect rank correlation at 0.9999999999999999.
  if (Math.abs(s.rho) >= 1 - 1e-12) return 'ρ = ±1: its Fisher z is infinite';
  return null;
}

const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
const mean = (v: readonly number[]): number => sum(v) / v.length;

/**
 * Combines the studies of each paper: mean z and mean variance (fully dependent studies).
 * @param rows the studies that enter, in input order
 * @returns one row per paper, in order of first appearance (weights not yet known)
 */
export function combineByPaper(rows: readonly MetaRow[]): PaperRow[] {
  const byPaper = new Map<string, MetaRow[]>();
  for (const r of rows) byPaper.set(r.paper, [...(byPaper.get(r.paper) ?? []), r]);
  return [...byPaper].map(([paper, members]) => ({
    paper,
    labels: members.map((m) => m.label),
    z: mean(members.map((m) => m.z)),
    variance: mean(members.map((m) => m.variance)),
    weight: null,
  }));
}

/** DerSimonian–Laird τ², Q and I², then the random-effects mean with the HKSJ interval. */
function hksj(papers: readonly PaperRow[], level: number): { pooled: Pooled; weights: number[] } {
  const k = papers.length;
  const z = papers.map((p) => p.z);
  const w = papers.map((p) => 1 / p.variance);
  const sumW = sum(w);
  const zFixed = sum(w.map((wi, i) => wi * (z[i] ?? 0))) / sumW;
  const q = sum(w.map((wi, i) => wi * ((z[i] ?? 0) - zFixed) ** 2));
  const c = sumW - sum(w.map((wi) => wi * wi)) / sumW;
  const tau2 = c > 0 ? Math.max(0, (q - (k - 1)) / c) : 0;
  const wr = papers.map((p) => 1 / (p.variance + tau2));
  const sumWr = sum(wr);
  const zPooled = sum(wr.map((wi, i) => wi * (z[i] ?? 0))) / sumWr;
  // metafor's knha: the residual scale of the weighted fit, not truncated at 1.
  const scale = sum(wr.map((wi, i) => wi * ((z[i] ?? 0) - zPooled) ** 2)) / (k - 1);
  const se = Math.sqrt(scale / sumWr);
  const half = tQuantile(1 - (1 - level) / 2, k - 1) * se;
  const pooled: Pooled = {
    rho: Math.tanh(zPooled),
    ci: [Math.tanh(zPooled - half), Math.tanh(zPooled + half)],
    z: zPooled,
    se,
    tau2,
    q,
    i2: q > 0 ? Math.max(0, (q - (k - 1)) / q) : 0,
    df: k - 1,
  };
  return { pooled, weights: wr.map((wi) => wi / sumWr) };
}

/**
 * Random-effects pooling of Spearman ρ across independent papers (see the module comment).
 * @param studies one correlation per study, each naming its paper (or its own)
 * @param level confidence level of the intervals (default 0.95)
 * @returns per-study rows, per-paper rows, exclusions, and the pooled estimate or why there is none
 */
export function randomEffectsSpearman(studies: readonly MetaInput[], level = 0.95): MetaResult {
  const excluded: MetaExcluded[] = [];
  const rows: MetaRow[] = [];
  const crit = normalQuantile(1 - (1 - level) / 2, 0, 1);
  for (const s of studies) {
    const reason = reasonToLeaveOut(s);
    if (reason) {
      excluded.push({ label: s.label, n: s.n, reason });
      continue;
    }
    const z = Math.atanh(s.rho);
    const variance = fisherVariance(s.n);
    const half = crit * Math.sqrt(variance);
    const ci = [Math.tanh(z - half), Math.tanh(z + half)] as const;
    rows.push({ label: s.label, rho: s.rho, n: s.n, paper: s.paper ?? s.label, z, variance, ci });
  }
  const combined = combineByPaper(rows);
  const k = combined.length;
  if (k < MIN_PAPERS)
    return { k, rows, papers: combined, excluded, pooled: null, reason: notPooledReason(k) };
  const { pooled, weights } = hksj(combined, level);
  const papers = combined.map((p, i) => ({ ...p, weight: weights[i] ?? 0 }));
  return { k, rows, papers, excluded, pooled, reason: null };
}
