/** Ranking helpers shared by the rank-based statistics (Spearman, Wilcoxon, ROC AUC). */

/**
 * Ranks with ties given their average rank (SciPy `rankdata(method='average')`).
 * @param values numbers to rank (NaN is not allowed: callers drop missing pairs first)
 * @returns 1-based ranks in the input order
 */
export function rank(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start;
    const v = values[order[start] ?? 0];
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === v) end += 1;
    // Positions start..end (0-based) share the mean of the 1-based ranks start+1..end+1.
    const avg = (start + end + 2) / 2;
    for (let k = start; k <= end; k += 1) ranks[order[k] ?? 0] = avg;
    start = end + 1;
  }
  return ranks;
}

/**
 * Sizes of the groups of tied values (only groups of two or more).
 * @param values numbers to inspect
 * @returns one count per tied group
 */
export function tieGroups(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/**
 * Arithmetic mean.
 * @param values numbers (empty gives NaN)
 * @returns their mean
 */
export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
