/** ROC AUC and DeLong's confidence interval for one score against binary labels. */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { assertPaired } from './pearson.ts';
import { rank } from './ranks.ts';

/** Scores of the positives and negatives, checked to be 0/1-labelled and both non-empty. */
function split(labels: readonly number[], scores: readonly number[]) {
  assertPaired(labels, scores);
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((l, i) => {
    if (l === 1) pos.push(scores[i] ?? NaN);
    else if (l === 0) neg.push(scores[i] ?? NaN);
    else throw new RangeError(`label ${i} is ${l}; labels must be 0 or 1`);
  });
  return { pos, neg };
}

/**
 * Area under the ROC curve as the Mann-Whitney probability P(score+ > score-) + 1/2 P(tie),
 * computed from average ranks (equals scikit-learn's `roc_auc_score`).
 * @param labels 0/1 per sample
 * @param scores higher means more likely positive
 * @returns the AUC; NaN when one class is absent
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  const { pos, neg } = split(labels, scores);
  if (pos.length === 0 || neg.length === 0) return NaN;
  const r = rank([...pos, ...neg]);
  let sumPos = 0;
  for (let i = 0; i < pos.length; i += 1) sumPos += r[i] ?? 0;
  return (sumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/**
 * Sample variance (n - 1 denominator).
 * @param v values
 * @returns the variance (0 for fewer than two values)
 */
function sampleVariance(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1);
}

/**
 * AUC with DeLong et al. (1988) variance and a normal (Wald) interval, clipped to [0, 1].
 * Structural components from midranks (Sun & Xu 2014): V10_i = (R_i - R_i^+) / n for each
 * positive, V01_j = 1 - (R_j - R_j^-) / m for each negative; var = S10 / m + S01 / n.
 * @param labels 0/1 per sample
 * @param scores higher means more likely positive
 * @param level confidence level, default 0.95
 * @returns AUC, interval and variance; NaN when a class has fewer than 2 samples
 */
export function delongCi(
  labels: readonly number[],
  scores: readonly number[],
  level = 0.95,
): { auc: number; lo: number; hi: number; variance: number } {
  const { pos, neg } = split(labels, scores);
  const m = pos.length;
  const n = neg.length;
  if (m < 2 || n < 2) return { auc: NaN, lo: NaN, hi: NaN, variance: NaN };
  const all = rank([...pos, ...neg]);
  const rp = rank(pos);
  const rn = rank(neg);
  const v10 = pos.map((_, i) => ((all[i] ?? 0) - (rp[i] ?? 0)) / n);
  const v01 = neg.map((_, j) => 1 - ((all[m + j] ?? 0) - (rn[j] ?? 0)) / m);
  const auc = v10.reduce((s, v) => s + v, 0) / m;
  const variance = sampleVariance(v10) / m + sampleVariance(v01) / n;
  const half = normalQuantile(1 - (1 - level) / 2, 0, 1) * Math.sqrt(variance);
  return { auc, lo: Math.max(0, auc - half), hi: Math.min(1, auc + half), variance };
}
