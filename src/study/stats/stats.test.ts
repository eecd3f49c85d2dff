import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bootstrapSpearmanCi,
  confidenceBand,
  delongCi,
  kendallTauB,
  linearFit,
  pearson,
  rank,
  rocAuc,
  spearman,
  wilcoxonSignedRank,
} from './index.ts';

type Num = number | null;
interface CorrCase {
  name: string;
  x: number[];
  y: number[];
  spearman: { value: Num; p: Num; method: 'exact' | 't' };
  kendall: { value: Num; p: Num };
  pearson: { value: Num; p: Num };
  fit?: {
    slope: number;
    intercept: number;
    r2: Num;
    residualSe: number;
    band: { x: number; fit: number; lo: number; hi: number }[];
  };
}
interface Reference {
  rank: { values: number[]; ranks: number[] }[];
  correlations: CorrCase[];
  wilcoxon: { name: string; a: number[]; b: number[]; statistic: number; p: number }[];
  roc: {
    name: string;
    labels: number[];
    scores: number[];
    auc: number;
    delong: { auc: number; variance: number; lo: number; hi: number };
  }[];
}

const ref = JSON.parse(
  readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'),
) as Reference;

/** Statistics must agree to 1e-9, p-values to 1e-6 (SciPy computes p through other special functions). */
const STAT_TOL = 1e-9;
const P_TOL = 1e-6;

function expectClose(actual: number, expected: Num, tol: number): void {
  if (expected === null) expect(actual).toBeNaN();
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);
}

/** p-values: absolute 1e-6 and also relative 1e-6, so tiny p-values (1e-11) are really compared. */
function expectP(actual: number, expected: Num): void {
  expectClose(actual, expected, P_TOL);
  if (expected !== null && expected > 0) {
    expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(P_TOL);
  }
}

describe('rank', () => {
  it.each(ref.rank)('matches scipy rankdata for $values', ({ values, ranks }) => {
    expect(rank(values)).toEqual(ranks);
  });
});

describe.each(ref.correlations)('correlations: $name', (c) => {
  it('spearman matches SciPy (exact permutation p for n <= 9)', () => {
    const r = spearman(c.x, c.y);
    expectClose(r.value, c.spearman.value, STAT_TOL);
    expectP(r.p, c.spearman.p);
    expect(r.n).toBe(c.x.length);
    if (c.spearman.value !== null) expect(r.method).toBe(c.spearman.method);
  });
  it('kendall tau-b matches scipy.stats.kendalltau', () => {
    const r = kendallTauB(c.x, c.y);
    expectClose(r.value, c.kendall.value, STAT_TOL);
    expectP(r.p, c.kendall.p);
  });
  it('pearson matches scipy.stats.pearsonr', () => {
    const r = pearson(c.x, c.y);
    expectClose(r.value, c.pearson.value, STAT_TOL);
    expectP(r.p, c.pearson.p);
  });
  it('linear fit and 95% band match linregress / NumPy', () => {
    const fit = linearFit(c.x, c.y);
    if (!c.fit) {
      expect(fit.slope).toBeNaN();
      return;
    }
    expectClose(fit.slope, c.fit.slope, STAT_TOL);
    expectClose(fit.intercept, c.fit.intercept, STAT_TOL);
    expectClose(fit.r2, c.fit.r2, STAT_TOL);
    expectClose(fit.residualSe, c.fit.residualSe, STAT_TOL);
    const band = confidenceBand(
      fit,
      c.x,
      c.fit.band.map((b) => b.x),
    );
    band.forEach((b, i) => {
      const want = c.fit?.band[i];
      expect(want).toBeDefined();
      if (!want) return;
      expectClose(b.fit, want.fit, STAT_TOL);
      expectClose(b.lo, want.lo, 1e-7);
      expectClose(b.hi, want.hi, 1e-7);
    });
  });
});

describe('correlation edge cases', () => {
  it('n < 3 gives NaN value and p', () => {
    for (const f of [spearman, kendallTauB, pearson]) {
      const r = f([1, 2], [2, 1]);
      expect(r.value).toBeNaN();
      expect(r.p).toBeNaN();
      expect(r.n).toBe(2);
    }
  });
  it('rejects unpaired inputs', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
  it('exact spearman p is 1/3 for a perfect n = 3 ranking (2 of 6 pairings are as extreme)', () => {
    expect(spearman([1, 2, 3], [10, 20, 30]).p).toBeCloseTo(2 / 6, 12);
  });
});

describe('bootstrapSpearmanCi', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const y = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11];
  it('is deterministic for a seed and changes with the seed', () => {
    const a = bootstrapSpearmanCi(x, y, { seed: 7, resamples: 500 });
    const b = bootstrapSpearmanCi(x, y, { seed: 7, resamples: 500 });
    const c = bootstrapSpearmanCi(x, y, { seed: 8, resamples: 500 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });
  it('brackets the point estimate and stays in [-1, 1]', () => {
    const rho = spearman(x, y).value;
    const ci = bootstrapSpearmanCi(x, y, { resamples: 1000 });
    expect(ci.lo).toBeLessThanOrEqual(rho);
    expect(ci.hi).toBeGreaterThanOrEqual(rho);
    expect(ci.lo).toBeGreaterThanOrEqual(-1);
    expect(ci.hi).toBeLessThanOrEqual(1);
    expect(ci.resamples).toBeGreaterThan(990);
  });
  it('a wider level gives a wider interval', () => {
    const narrow = bootstrapSpearmanCi(x, y, { level: 0.5, seed: 3 });
    const wide = bootstrapSpearmanCi(x, y, { level: 0.99, seed: 3 });
    expect(wide.hi - wide.lo).toBeGreaterThan(narrow.hi - narrow.lo);
  });
});

describe.each(ref.wilcoxon)('wilcoxon: $name', (w) => {
  it('matches scipy.stats.wilcoxon', () => {
    const r = wilcoxonSignedRank(w.a, w.b);
    expectClose(r.statistic, w.statistic, STAT_TOL);
    expectP(r.p, w.p);
  });
});

describe.each(ref.roc)('roc: $name', (c) => {
  it('AUC matches sklearn roc_auc_score', () => {
    expectClose(rocAuc(c.labels, c.scores), c.auc, STAT_TOL);
  });
  it('DeLong matches a direct O(mn) implementation', () => {
    const d = delongCi(c.labels, c.scores);
    expectClose(d.auc, c.delong.auc, STAT_TOL);
    expectClose(d.variance, c.delong.variance, STAT_TOL);
    expectClose(d.lo, c.delong.lo, 1e-7);
    expectClose(d.hi, c.delong.hi, 1e-7);
  });
});

describe('roc edge cases', () => {
  it('one class only gives NaN, bad labels throw', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow(RangeError);
  });
});
