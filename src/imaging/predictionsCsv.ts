/**
 * Predictions → CSV for download, built only from fields that cannot identify a patient: the
 * file name the person chose, the model, the five probabilities (and, for models with published
 * operating points, the five calibrated values), the out-of-distribution verdict and the status. DICOM identifying attributes are not among the inputs this module reads, so
 * they cannot reach the file (the test checks it with real headers).
 *
 * Pure: structural input types (no import from the worker), RFC 4180 quoting, and a leading
 * apostrophe before cells a spreadsheet would run as a formula (OWASP "CSV injection"), by the
 * one function every CSV writer uses (src/study/csvSafe.ts).
 */
import type { Refusal } from '../refusal/refusal.ts';
import { csvCell } from '../study/csvSafe.ts';
import { CHEXPERT_TASKS } from '../study/types.ts';

export { csvCell }; // the shared defence (src/study/csvSafe.ts), re-exported for this module's callers

/** The parts of one file's result the CSV reads (a structural subset of the worker's type). */
export interface CsvFileResult {
  readonly name: string;
  readonly status: 'ok' | 'error';
  readonly error?: Refusal;
  readonly ood?: {
    readonly flagged: boolean;
    readonly reasons: readonly { readonly code: string; readonly message: string }[];
  };
  readonly predictions: readonly {
    readonly modelId: string;
    readonly status?: string;
    /** In CHEXPERT_TASKS order; null (left empty) where the model does not predict a task. */
    readonly probabilities: readonly (number | null)[];
    /**
     * TorchXRayVision's calibrated values (`op_norm`: 0.5 = the published operating point) in
     * CHEXPERT_TASKS order, for a model with operating points; null (left empty) where the model
     * does not predict a task or has no operating point for it. Absent for other models.
     */
    readonly calibratedTasks?: readonly (number | null)[];
  }[];
}

const slug = (task: string): string => task.toLowerCase().replace(/ /g, '_');

/** Column headers, in order. */
export const PREDICTION_CSV_COLUMNS = [
  'file',
  'model',
  'model_status',
  ...CHEXPERT_TASKS.map((task) => `p_${slug(task)}`),
  'ood_flagged',
  'ood_reasons',
  'status',
  'error',
] as const;

/**
 * The calibrated column set, after the probabilities, written when a model in the export has
 * operating points: each (file, model) row fills it with that model's calibrated values.
 */
export const CALIBRATED_CSV_COLUMNS = CHEXPERT_TASKS.map((task) => `calibrated_${slug(task)}`);

/**
 * @param calibrated whether the calibrated column set is written
 * @returns the header, in order
 */
export function predictionCsvColumns(calibrated: boolean): string[] {
  if (!calibrated) return [...PREDICTION_CSV_COLUMNS];
  const at = PREDICTION_CSV_COLUMNS.indexOf('ood_flagged');
  return [
    ...PREDICTION_CSV_COLUMNS.slice(0, at),
    ...CALIBRATED_CSV_COLUMNS,
    ...PREDICTION_CSV_COLUMNS.slice(at),
  ];
}

/** Digits after the point for probabilities: 1e-6 is far below any meaningful difference. */
const DIGITS = 6;

/** Five task cells: the value, or empty where there is none ("not predicted"). */
const taskCells = (values: readonly (number | null)[] | undefined): string[] =>
  CHEXPERT_TASKS.map((_, k) => {
    const v = values?.[k];
    return v === undefined || v === null ? '' : v.toFixed(DIGITS);
  });

function oodCells(result: CsvFileResult): [string, string] {
  if (result.ood === undefined) return ['', ''];
  return [result.ood.flagged ? 'yes' : 'no', result.ood.reasons.map((r) => r.code).join(';')];
}

function rowsOf(result: CsvFileResult, calibrated: boolean): string[][] {
  const [flagged, reasons] = oodCells(result);
  const error = result.error === undefined ? '' : `${result.error.code}: ${result.error.sentence}`;
  const tail = [flagged, reasons, result.status, error];
  if (result.predictions.length === 0) {
    const empty = taskCells(undefined);
    return [[result.name, '', '', ...empty, ...(calibrated ? empty : []), ...tail]];
  }
  return result.predictions.map((p) => [
    result.name,
    p.modelId,
    p.status ?? '',
    ...taskCells(p.probabilities),
    ...(calibrated ? taskCells(p.calibratedTasks) : []),
    ...tail,
  ]);
}

/**
 * One row per (file, model); a failed file gets one row with its error and no probabilities. The
 * calibrated column set is written when any model in the export has operating points.
 * @param results the per-file results, task values in CHEXPERT_TASKS order
 * @returns CSV text with a header row, CRLF line ends (RFC 4180)
 */
export function predictionsCsv(results: readonly CsvFileResult[]): string {
  const calibrated = results.some((r) => r.predictions.some((p) => p.calibratedTasks));
  const lines = [predictionCsvColumns(calibrated).join(',')];
  for (const result of results) {
    for (const row of rowsOf(result, calibrated)) lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
