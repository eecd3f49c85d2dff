/**
 * Seed replicates in an imported results file. Rows with the same architecture, pretraining,
 * initialisation group (an in-domain start is neither ImageNet-pretrained nor random, so it is its
 * own configuration), truncation and input size are one configuration; when every such row names
 * a different seed they are replicates (a grid run's seeds) and become one result with the mean,
 * the sample SD and n. Without seeds, or with a seed twice, they stay what they almost surely
 * are: a copy-paste slip.
 */
import type { ImportError } from './importColumns.ts';
import { initGroupOf } from './initialisation.ts';
import type { RowDraft } from './importRows.ts';
import type { ModelResult } from './types.ts';

const configKey = (r: ModelResult): string =>
  JSON.stringify([r.arch, r.pretrained, initGroupOf(r), r.unitsRemoved, r.inputSize]);

/**
 * Groups rows into configurations; reports duplicates that are not seed replicates.
 * @param drafts validated rows in file order
 * @param errors collects a message for each row that duplicates another without a distinct seed
 * @returns groups of indexes into `drafts`, in order of each group's first row
 */
export function groupReplicates(drafts: readonly RowDraft[], errors: ImportError[]): number[][] {
  // One pass: each configuration keeps its rows and the set of its seeds (linear in the rows).
  const groups = new Map<string, { rows: number[]; seeds: Set<number | null> }>();
  drafts.forEach((d, i) => {
    const key = configKey(d.result);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { rows: [i], seeds: new Set([d.seed]) });
      return;
    }
    const first = drafts[group.rows[0] ?? i];
    const replicate =
      d.seed !== null &&
      first?.seed !== null &&
      !group.seeds.has(d.seed) &&
      (d.result.n ?? 1) === 1 &&
      (first?.result.n ?? 1) === 1;
    if (replicate) {
      group.rows.push(i);
      group.seeds.add(d.seed);
    } else
      errors.push({
        row: d.row,
        column: null,
        message: `duplicates row ${first?.row} (same arch, pretrained, units_removed and input_size); give each replicate a different seed to average them`,
      });
  });
  return [...groups.values()].map((g) => g.rows);
}

const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length;

/**
 * @param values at least two numbers
 * @returns the sample standard deviation (n − 1 in the denominator)
 */
export function sampleSd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

function meanPerLabel(results: readonly ModelResult[]): Record<string, number> | null {
  const labels = [...new Set(results.flatMap((r) => Object.keys(r.perLabel ?? {})))];
  if (labels.length === 0) return null;
  return Object.fromEntries(
    labels.map((l) => [
      l,
      mean(results.flatMap((r) => (r.perLabel?.[l] === undefined ? [] : [r.perLabel[l]]))),
    ]),
  );
}

/**
 * Merges one configuration's replicates.
 * @param results the replicates' results (already on the 0..1 scale)
 * @param seeds their seeds, in the same order
 * @returns one result: mean value, sample SD, n, mean per-label values, the sources combined
 */
export function mergeReplicates(
  results: readonly ModelResult[],
  seeds: readonly (number | null)[],
): ModelResult {
  const [first] = results;
  if (first === undefined) throw new Error('mergeReplicates: no results');
  if (results.length === 1) return first;
  const values = results.map((r) => r.value);
  const sources = [...new Set(results.map((r) => r.source))].join('; ');
  const notes = [...new Set(results.map((r) => r.note).filter(Boolean))].join('; ');
  return {
    ...first,
    value: mean(values),
    sd: sampleSd(values),
    n: results.length,
    perLabel: meanPerLabel(results),
    flags: [...new Set([...results.flatMap((r) => r.flags), 'replicates'])],
    source: `mean of ${results.length} seeds (${seeds.join(', ')}): ${sources}`.slice(0, 600),
    note: notes.slice(0, 600),
  };
}
