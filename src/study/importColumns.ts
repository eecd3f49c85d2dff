/**
 * The results-file format (CSV columns or JSON keys), one table so the parser, the exporter and
 * the downloadable templates agree. Documented for users in public/templates/results-template.*.
 */
import type { Refusal } from '../refusal/refusal.ts';

/** Fixed columns; every other column is a per-label metric value (e.g. 'Atelectasis'). */
export const RESULT_COLUMNS = [
  'arch',
  'pretrained',
  'units_removed',
  'value',
  'sd',
  /** Replicates averaged into `value` (a grid's seeds); 1 when absent. */
  'n',
  /** The seed of one replicate: rows that differ only in seed are averaged on import. */
  'seed',
  'input_size',
  'params',
  'flags',
  'source',
  'note',
  /**
   * The paper the results come from (the same on every row; see importPaper.ts). Files from one
   * paper are combined before pooling; without it the file is its own paper.
   */
  'paper',
] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];

/** camelCase spellings (as in ModelResult) accepted in JSON for the snake_case columns. */
export const CAMEL_ALIASES: Readonly<Record<string, ResultColumn>> = {
  unitsRemoved: 'units_removed',
  inputSize: 'input_size',
};

/** Sources starting with this mark the template's example rows, which must never show as data. */
export const EXAMPLE_ROW_MARK = 'example row';

/** Accepted spellings of the `pretrained` column. */
export const PRETRAINED_WORDS: Readonly<Record<string, boolean | null>> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
  '': null,
};

/** One problem found in a results file; row and column are null when the problem is file-wide. */
export interface ImportError {
  row: number | null;
  column: string | null;
  message: string;
}

/**
 * Formats an error the way the UI and CLI show it.
 * @param e the error
 * @returns e.g. "row 3, column value: 'abc' is not a number"
 */
export function formatImportError(e: ImportError): string {
  const where = [
    e.row === null ? '' : `row ${e.row}`,
    e.column === null ? '' : `column ${e.column}`,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${e.message}` : e.message;
}

/** Problems spelled out in a refusal's detail; the rest are counted. */
const DETAILED_PROBLEMS = 20;

/**
 * The refusal of a file with problems, as the import panel and `chextransfer stats` both show it.
 * @param fileName the file's name
 * @param errors every problem found (at least one)
 * @returns the refusal: one sentence, the first problems row by row in the detail
 */
export function importRefusal(fileName: string, errors: readonly ImportError[]): Refusal {
  const n = errors.length;
  const more = n - DETAILED_PROBLEMS;
  return {
    code: 'import-refused',
    kind: 'bad-input',
    sentence: `${fileName} could not be read: ${n} problem${n === 1 ? ' was' : 's were'} found, so nothing was used. Fix ${n === 1 ? 'it' : 'them'} (listed row by row) and try again.`,
    detail:
      errors.slice(0, DETAILED_PROBLEMS).map(formatImportError).join('; ') +
      (more > 0 ? `; and ${more} more` : ''),
  };
}
