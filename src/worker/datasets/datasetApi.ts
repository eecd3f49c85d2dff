/**
 * The worker API's training-data inspector, spread into `api` (api.ts). Parsing CheXpert's
 * train.csv (223k rows) and matching every path takes seconds, so it runs here, not in the page.
 * It goes through `selectDataset`, the code training uses, so the counts are the run's counts.
 */
import { CHEXPERT_TASKS, type LabelRow, type UncertaintyPolicy } from '../../data/labelTypes.ts';
import type { DatasetReport, TaskPositives, TrainDataset } from '../protocol.ts';
import { isRefusal } from '../../refusal/refusal.ts';
import { pathIndexOf, selectDataset, type DatasetSelection } from './trainSources.ts';

/** How many missing paths a report lists. */
export const MISSING_EXAMPLES = 5;

const POLICY_EFFECT: Readonly<Record<UncertaintyPolicy, string>> = {
  'U-Ones': 'counted positive',
  'U-Zeros': 'counted negative',
  ignore: 'left out of the loss and AUC',
};

function positives(rows: readonly LabelRow[], task: number): number {
  return rows.reduce((n, r) => n + (r.labels[task] === 1 ? 1 : 0), 0);
}

function missingImages(
  selection: DatasetSelection,
): Extract<DatasetReport, { ok: true }>['missing'] {
  const index = pathIndexOf(selection.store);
  const examples: string[] = [];
  let count = 0;
  for (const row of [...selection.train, ...selection.validation]) {
    if (index.find(row.path) !== undefined) continue;
    count++;
    if (examples.length < MISSING_EXAMPLES) examples.push(row.path);
  }
  return { count, examples };
}

function notesOf(
  s: DatasetSelection,
  dataset: Extract<TrainDataset, { kind: 'chexpert' }>,
  policy: UncertaintyPolicy,
  missing: number,
): string[] {
  const notes = [
    `Labels from ${s.labelFiles.train}${s.labelFiles.valid ? ` and ${s.labelFiles.valid}` : ''}.`,
  ];
  const uncertain = s.uncertainCounts.reduce((a, b) => a + b, 0);
  if (uncertain > 0)
    notes.push(`${uncertain} uncertain (−1) labels ${POLICY_EFFECT[policy]} (${policy}).`);
  if (s.format === 'nih') notes.push('NIH: every image is frontal and no label is uncertain.');
  else if (dataset.frontalOnly && s.frontalRows !== null)
    notes.push(`${s.rows - s.frontalRows} lateral rows left out (frontal only).`);
  if (dataset.subsetSize !== undefined)
    notes.push(
      `A seeded subset of at most ${dataset.subsetSize} training rows (seed ${dataset.seed}).`,
    );
  if (s.validationFrom === 'patient split') {
    const patients = new Set(s.validation.map((r) => r.patientId)).size;
    const share = Math.round((dataset.validationFraction ?? 0.1) * 100);
    notes.push(
      `No valid.csv: ${patients} patient(s) (about ${share}% of images) held out for validation.`,
    );
  }
  if (missing > 0)
    notes.push('Rows whose image is missing are skipped (and listed) during training.');
  return notes;
}

/**
 * Parses, filters and splits a dataset exactly as a run would, and checks its images are there.
 * @param dataset the dataset (CSV text, or a folder/zip holding the label files)
 * @param policy uncertainty policy for CheXpert's −1
 * @returns the counts, or a refusal naming the file, row and column of what is wrong
 */
export async function inspectDataset(
  dataset: TrainDataset,
  policy: UncertaintyPolicy,
): Promise<DatasetReport> {
  if (dataset.kind === 'synthetic')
    return {
      ok: false,
      refusal: {
        code: 'dataset-unusable',
        kind: 'bad-input',
        sentence: 'The synthetic set is built in: there are no files to inspect.',
        detail: '',
      },
    };
  const s = await selectDataset(dataset, policy);
  if (isRefusal(s)) return { ok: false, refusal: s };
  const missing = missingImages(s);
  const perTaskPositives: TaskPositives[] = CHEXPERT_TASKS.map((task, t) => ({
    task,
    train: positives(s.train, t),
    validation: positives(s.validation, t),
  }));
  return {
    ok: true,
    format: s.format,
    rows: s.rows,
    frontalRows: s.frontalRows,
    trainRows: s.train.length,
    validationRows: s.validation.length,
    validationFrom: s.validationFrom,
    imagesFound: s.train.length + s.validation.length - missing.count,
    missing,
    perTaskPositives,
    notes: notesOf(s, dataset, policy, missing.count),
  };
}

export const datasetApi = {
  /**
   * Inspects a training dataset before a run (see `inspectDataset`).
   * @param dataset the dataset part of a training request
   * @param policy uncertainty policy for CheXpert's −1
   * @returns row, split, image and per-task counts, or `{ ok: false, refusal }`
   */
  inspectDataset(dataset: TrainDataset, policy: UncertaintyPolicy): Promise<DatasetReport> {
    return inspectDataset(dataset, policy);
  },
};
