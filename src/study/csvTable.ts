/**
 * One way to read the CSVs people give (results files, `stats` input, dataset label files):
 * papaparse into rows of cells, keeping each record's number (the header is row 1), and every
 * parse problem with its row, so that a broken quote is reported instead of silently folding the
 * rest of the file into one cell. Cells are keyed by column in null-prototype objects, so a column
 * or value may be named anything, `__proto__` included. Pure.
 */
import Papa from 'papaparse';
import type { ReaderLimits } from '../refusal/readerLimits.ts';

/** The CSV readers' budget. */
export const CSV_LIMITS = {
  fileBytes: {
    value: 256 * 1024 * 1024,
    unit: 'bytes',
    why: "a results table of 200,000 rows is about 20 MB and CheXpert's train.csv 26 MB; a CSV is read whole into memory (about 10 times its size once split into cells), so 256 MB keeps that under 3 GB; a larger file is refused before it is read",
  },
  reportedProblems: {
    value: 100,
    unit: 'problems listed',
    why: 'enough to see a pattern; the count of the rest is given',
  },
} as const satisfies ReaderLimits;

/** One record: its number (header = 1) and its cells. */
export interface CsvRecord {
  readonly row: number;
  readonly cells: readonly string[];
}

/** A problem papaparse found, at a record number. */
export interface CsvProblem {
  readonly row: number;
  readonly message: string;
}

/** A parsed CSV: trimmed header, non-blank records, parse problems. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRecord[];
  readonly errors: readonly CsvProblem[];
}

/** Papa's messages for quote errors (RFC 4180 §2.5–2.7), said plainly. */
const QUOTE_MESSAGES: Readonly<Record<string, string>> = {
  MissingQuotes:
    'a quoted cell is never closed (a " without its closing "), so every line after it was read into that one cell',
  InvalidQuotes: 'a quote inside a quoted cell is not doubled (write "" for a " inside quotes)',
};

/**
 * @param text CSV text (UTF-8, comma-separated, first line the header)
 * @returns the table; blank lines are skipped but keep their numbers
 */
export function readCsvTable(text: string): CsvTable {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const all = parsed.data;
  const header = (all[0] ?? []).map((h) => h.trim());
  const rows: CsvRecord[] = [];
  for (let i = 1; i < all.length; i++) {
    const cells = all[i] ?? [];
    if (cells.every((c) => c.trim() === '')) continue;
    rows.push({ row: i + 1, cells });
  }
  const errors = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({ row: (e.row ?? 0) + 1, message: QUOTE_MESSAGES[e.code] ?? e.message }));
  return { header, rows, errors };
}

/**
 * @param table a parsed table
 * @returns a problem for each record with more or fewer cells than the header
 */
export function fieldCountErrors(table: CsvTable): CsvProblem[] {
  const expected = table.header.length;
  return table.rows
    .filter((r) => r.cells.length !== expected)
    .map((r) => ({
      row: r.row,
      message: `${r.cells.length > expected ? 'Too many' : 'Too few'} fields: the header has ${expected}, this row ${r.cells.length}`,
    }));
}

/**
 * @param header column names
 * @param cells one record's cells
 * @returns the cells keyed by column (null prototype: any column name is a plain key)
 */
export function keyed(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  header.forEach((column, i) => {
    if (column !== '') out[column] = cells[i] ?? '';
  });
  return out;
}
