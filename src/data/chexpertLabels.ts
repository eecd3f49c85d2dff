/**
 * CheXpert (`train.csv` / `valid.csv`) and NIH ChestX-ray14 (`Data_Entry_2017.csv`) label files
 * → `LabelRow`s over the five CheXpert tasks. The format is detected from the header.
 *
 * CheXpert conventions (Irvin et al., AAAI 2019, section 3 and 4.1):
 * - 1 positive, 0 negative, −1 uncertain (mentioned with uncertainty in the report);
 * - blank = the report does not mention the finding, which the CheXpert labeller and every
 *   published baseline read as negative, so blank → 0 under every policy;
 * - `valid.csv` is radiologist-labelled and has no −1.
 * Errors are returned as data with their row number (header = row 1); nothing is thrown.
 */
import { parseDecimal } from '../study/decimal.ts';
import { readCsvTable, type CsvTable } from '../study/csvTable.ts';
import {
  CHEXPERT_TASKS,
  MAX_REPORTED_ERRORS,
  NUM_TASKS,
  type CsvIssue,
  type LabelParseResult,
  type LabelRow,
  type TaskLabel,
  type UncertaintyPolicy,
} from './labelTypes.ts';
import { NIH_REQUIRED_COLUMNS, parseNihRows } from './nihLabels.ts';

const CHEXPERT_REQUIRED_COLUMNS = ['Path', 'Frontal/Lateral', 'AP/PA', ...CHEXPERT_TASKS] as const;

/** Options of `parseLabelCsv`. */
export interface LabelParseOptions {
  /** What −1 becomes (CheXpert only; NIH has no uncertain labels). Default 'U-Ones'. */
  readonly policy?: UncertaintyPolicy;
}

/** A parsed CSV body: header cells, data rows with their 1-based file row numbers, parse errors. */
export type { CsvTable } from '../study/csvTable.ts';
export { readCsvTable };

/**
 * Parses a CheXpert or NIH label file, detecting which from its header.
 * @param text the CSV text
 * @param options the uncertainty policy
 * @returns rows and per-task counts of uncertain labels, or row-numbered errors
 */
export function parseLabelCsv(text: string, options: LabelParseOptions = {}): LabelParseResult {
  if (text.trim() === '') {
    return { ok: false, format: null, errors: [{ row: 1, message: 'The file is empty.' }] };
  }
  const table = readCsvTable(text);
  const format = detectFormat(table.header);
  if (table.errors.length > 0) {
    // A broken quote folds the rest of the file into one cell: report it, never read on.
    const errors = table.errors.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ ...e }));
    return { ok: false, format, errors };
  }
  if (format === null) {
    return {
      ok: false,
      format: null,
      errors: [
        {
          row: 1,
          message:
            'Unrecognised header: expected a CheXpert CSV (Path, Frontal/Lateral, AP/PA, the ' +
            'findings) or NIH Data_Entry_2017.csv (Image Index, Finding Labels, Patient ID, ...).',
        },
      ],
    };
  }
  const missing = missingColumns(table.header, format);
  if (missing.length > 0) {
    return {
      ok: false,
      format,
      errors: missing.map((column) => ({ row: 1, column, message: `Missing column "${column}".` })),
    };
  }
  if (table.rows.length === 0) {
    return {
      ok: false,
      format,
      errors: [{ row: 2, message: 'The file has a header but no rows.' }],
    };
  }
  return format === 'nih'
    ? parseNihRows(table)
    : parseChexpertRows(table, options.policy ?? 'U-Ones');
}

/**
 * @param header the header cells
 * @returns 'chexpert' when there is a Path column or any CheXpert-only column, 'nih' for NIH
 *   columns, else null
 */
export function detectFormat(header: readonly string[]): 'chexpert' | 'nih' | null {
  const has = (c: string): boolean => header.includes(c);
  if (has('Image Index') || has('Finding Labels')) return 'nih';
  if (has('Path') || has('Frontal/Lateral') || CHEXPERT_TASKS.some(has)) return 'chexpert';
  return null;
}

function missingColumns(header: readonly string[], format: 'chexpert' | 'nih'): string[] {
  const required = format === 'nih' ? NIH_REQUIRED_COLUMNS : CHEXPERT_REQUIRED_COLUMNS;
  return required.filter((c) => !header.includes(c));
}

/**
 * One CheXpert cell → label under the policy.
 * @param cell the raw text ('1.0', '0', '-1.0', '' ...)
 * @param policy what −1 becomes
 * @returns the label, or a string describing why the cell is invalid
 */
export function chexpertCell(
  cell: string,
  policy: UncertaintyPolicy,
): { label: TaskLabel; uncertain: boolean } | string {
  const t = cell.trim();
  if (t === '') return { label: 0, uncertain: false }; // blank = not mentioned = negative
  const v = parseDecimal(t); // 0x1 is not 1 here
  if (v === 1) return { label: 1, uncertain: false };
  if (v === 0) return { label: 0, uncertain: false };
  if (v === -1) {
    const label = policy === 'U-Ones' ? 1 : policy === 'U-Zeros' ? 0 : null;
    return { label, uncertain: true };
  }
  return `value "${t}" is not 1, 0, -1 or blank`;
}

const PATIENT_RE = /patient(\d+)/;

function parseChexpertRows(table: CsvTable, policy: UncertaintyPolicy): LabelParseResult {
  const col = (name: string): number => table.header.indexOf(name);
  const taskCols = CHEXPERT_TASKS.map(col);
  const [pathCol, flCol, viewCol] = [col('Path'), col('Frontal/Lateral'), col('AP/PA')];
  const rows: LabelRow[] = [];
  const errors: CsvIssue[] = [];
  const uncertainCounts = new Array<number>(NUM_TASKS).fill(0);
  for (const { row, cells } of table.rows) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    const path = (cells[pathCol] ?? '').trim();
    const patient = PATIENT_RE.exec(path);
    if (path === '' || patient === null) {
      errors.push({ row, column: 'Path', message: `no patientNNNNN folder in path "${path}"` });
      continue;
    }
    const labels: TaskLabel[] = [];
    taskCols.forEach((c, t) => {
      const parsed = chexpertCell(cells[c] ?? '', policy);
      if (typeof parsed === 'string') {
        errors.push({ row, column: CHEXPERT_TASKS[t] ?? '', message: parsed });
        return;
      }
      if (parsed.uncertain) uncertainCounts[t] = (uncertainCounts[t] ?? 0) + 1;
      labels.push(parsed.label);
    });
    if (labels.length !== NUM_TASKS) continue;
    const frontal = (cells[flCol] ?? '').trim().toLowerCase() === 'frontal';
    const view = (cells[viewCol] ?? '').trim() || (frontal ? '' : 'LATERAL');
    rows.push({ path, patientId: `patient${patient[1] ?? ''}`, frontal, view, labels, row });
  }
  if (errors.length > 0) return { ok: false, format: 'chexpert', errors };
  return { ok: true, format: 'chexpert', rows, uncertainCounts };
}
