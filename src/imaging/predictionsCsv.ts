/**
 * Predictions → CSV for download, built only from fields that cannot identify a patient: the
 * file name the person chose, the model, the five probabilities, the out-of-distribution verdict
 * and the status. DICOM identifying attributes are not among the inputs this module reads, so
 * they cannot reach the file (the test checks it with real headers).
 *
 * Pure: structural input types (no import from the worker), RFC 4180 quoting, and a leading
 * apostrophe before cells a spreadsheet would run as a formula (OWASP "CSV injection").
 */
import type { Refusal } from '../refusal/refusal.ts';
import { CHEXPERT_TASKS } from '../study/types.ts';

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
  }[];
}

/** Column headers, in order. */
export const PREDICTION_CSV_COLUMNS = [
  'file',
  'model',
  'model_status',
  ...CHEXPERT_TASKS.map((task) => `p_${task.toLowerCase().replace(/ /g, '_')}`),
  'ood_flagged',
  'ood_reasons',
  'status',
  'error',
] as const;

/** Digits after the point for probabilities: 1e-6 is far below any meaningful difference. */
const DIGITS = 6;

/**
 * Quotes a cell when it holds a delimiter, quote or line break (RFC 4180 §2.6–2.7), and defuses
 * cells a spreadsheet would evaluate (=, +, -, @, tab, CR at the start).
 * @param value the raw cell text
 * @returns the cell as written to the file
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function oodCells(result: CsvFileResult): [string, string] {
  if (result.ood === undefined) return ['', ''];
  return [result.ood.flagged ? 'yes' : 'no', result.ood.reasons.map((r) => r.code).join(';')];
}

function rowsOf(result: CsvFileResult): string[][] {
  const [flagged, reasons] = oodCells(result);
  const error = result.error === undefined ? '' : `${result.error.code}: ${result.error.sentence}`;
  if (result.predictions.length === 0) {
    const empty = CHEXPERT_TASKS.map(() => '');
    return [[result.name, '', '', ...empty, flagged, reasons, result.status, error]];
  }
  return result.predictions.map((p) => [
    result.name,
    p.modelId,
    p.status ?? '',
    ...CHEXPERT_TASKS.map((_, k) => {
      const v = p.probabilities[k];
      return v === undefined || v === null ? '' : v.toFixed(DIGITS);
    }),
    flagged,
    reasons,
    result.status,
    error,
  ]);
}

/**
 * One row per (file, model); a failed file gets one row with its error and no probabilities.
 * @param results the worker's per-file results
 * @returns CSV text with a header row, CRLF line ends (RFC 4180)
 */
export function predictionsCsv(results: readonly CsvFileResult[]): string {
  const lines = [PREDICTION_CSV_COLUMNS.join(',')];
  for (const result of results) {
    for (const row of rowsOf(result)) lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
