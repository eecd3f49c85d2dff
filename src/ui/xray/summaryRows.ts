/**
 * Rows of the cross-image summary table: one per (image, model), sortable by file, model or any
 * finding. Pure.
 */
import { chexpertValues } from './findingRows.ts';
import type { QueueItem } from './xrayStore.ts';

/** One row of the summary: probabilities are null when hidden (out of distribution) or failed. */
export interface SummaryRow {
  readonly key: string;
  readonly file: string;
  readonly model: string;
  /** The five CheXpert tasks (null: the model does not predict it). */
  readonly probabilities: readonly (number | null)[] | null;
  readonly note: string;
}

/** What the table is sorted by: a column name or a finding's index. */
export type SortKey = 'file' | 'model' | number;

/**
 * @param items the queue
 * @param calibrated show TorchXRayVision's calibrated values where a model has them
 * @returns one row per (processed image, model), failed files as one row with their error
 */
export function summaryRows(items: readonly QueueItem[], calibrated = false): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const it of items) {
    const r = it.result;
    if (r === undefined) continue;
    if (r.status === 'error' || r.predictions.length === 0) {
      rows.push({
        key: `${it.key}`,
        file: r.name,
        model: '',
        probabilities: null,
        note: `error: ${r.error?.sentence ?? it.message ?? 'failed'}`,
      });
      continue;
    }
    const hidden = r.ood?.flagged === true && !it.revealed;
    for (const p of r.predictions) {
      rows.push({
        key: `${it.key}-${p.modelId}`,
        file: r.name,
        model: p.modelId,
        probabilities: hidden ? null : chexpertValues(p, calibrated),
        note: r.ood?.flagged ? 'out of distribution' : '',
      });
    }
  }
  return rows;
}

/**
 * Sorts rows (a copy); rows without probabilities go last when sorting by a finding.
 * @param rows the rows
 * @param key column
 * @param descending highest first
 * @returns the sorted copy
 */
export function sortRows(
  rows: readonly SummaryRow[],
  key: SortKey,
  descending: boolean,
): SummaryRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (typeof key !== 'number') return sign * a[key].localeCompare(b[key]);
    const pa = a.probabilities?.[key] ?? undefined;
    const pb = b.probabilities?.[key] ?? undefined;
    if (pa === undefined || pb === undefined)
      return (pa === undefined ? 1 : 0) - (pb === undefined ? 1 : 0);
    return sign * (pa - pb);
  });
}
