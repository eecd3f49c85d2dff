/** Row-by-row validation of an imported results file into ModelResults. */
import { ARCHITECTURES, getChartArch } from './architectures.ts';
import type { ImportError } from './importColumns.ts';
import { EXAMPLE_ROW_MARK, PRETRAINED_WORDS, RESULT_COLUMNS } from './importColumns.ts';
import { parseDecimal } from './decimal.ts';
import type { ModelResult } from './types.ts';

/** A raw row: column name to cell text (CSV) or JSON value. */
export type RawRow = Readonly<Record<string, unknown>>;

/** A raw row and the number users see for it (CSV: line number; JSON: 1-based index). */
export interface NumberedRow {
  row: number;
  cells: RawRow;
}

const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : String(v);

const normalise = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Longest cell quoted in a message, and compared for "did you mean" (edit distance is quadratic). */
const QUOTED_CHARS = 64;

/** A cell as quoted in a message: at most QUOTED_CHARS characters. */
const quote = (text: string): string =>
  text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * Resolves an architecture cell: a key ('densenet121') or a label ('DenseNet121', 'densenet-121').
 * @param text the cell
 * @returns the key, or the three closest keys for the error message
 */
export function resolveArch(text: string): { key: string } | { suggestions: string[] } {
  if (getChartArch(text)) return { key: text };
  const n = normalise(text);
  for (const a of Object.values(ARCHITECTURES)) {
    if (normalise(a.key) === n || normalise(a.label) === n) return { key: a.key };
  }
  if (n.length > QUOTED_CHARS) return { suggestions: [] };
  const ranked = Object.values(ARCHITECTURES)
    .map((a) => ({
      key: a.key,
      d: Math.min(distance(n, normalise(a.key)), distance(n, normalise(a.label))),
    }))
    .sort((x, y) => x.d - y.d);
  return { suggestions: ranked.slice(0, 3).map((r) => r.key) };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseNumber(
  text: string,
  what: { integer?: boolean; min?: number },
): Parsed<number | null> {
  if (text === '') return { ok: true, value: null };
  const v = parseDecimal(text);
  if (!Number.isFinite(v)) {
    const other = Number.isFinite(Number(text)); // 0x10, 0b1, 0o7: numbers, but not decimal
    return {
      ok: false,
      message: `'${quote(text)}' is not a ${other ? 'decimal number (write plain digits, e.g. 16 or 0.81)' : 'number'}`,
    };
  }
  if (what.integer && !Number.isInteger(v))
    return { ok: false, message: `'${quote(text)}' is not a whole number` };
  if (what.min !== undefined && v < what.min) {
    return { ok: false, message: `'${quote(text)}' must be at least ${what.min}` };
  }
  return { ok: true, value: v };
}

type Fail = (column: string | null, message: string) => void;

/** The arch cell resolved to a key ('' after reporting an error). */
function archCell(text: string, fail: Fail): string {
  if (text === '') {
    fail('arch', 'is required');
    return '';
  }
  const r = resolveArch(text);
  if ('key' in r) return r.key;
  const hint = r.suggestions.length > 0 ? `; did you mean ${r.suggestions.join(', ')}?` : '';
  fail('arch', `unknown architecture '${quote(text)}'${hint}`);
  return '';
}

/** The pretrained cell as true/false/null (null after reporting an error). */
function pretrainedCell(text: string, fail: Fail): boolean | null {
  if (Object.hasOwn(PRETRAINED_WORDS, text)) return PRETRAINED_WORDS[text] ?? null;
  fail('pretrained', `'${quote(text)}' is not one of true/false/yes/no/1/0 (or blank)`);
  return null;
}

/** A validated row before percent scaling; values still on the file's scale. */
export interface RowDraft {
  row: number;
  result: ModelResult;
  /** The replicate's seed, when the file gives one (rows differing only in seed are averaged). */
  seed: number | null;
}

/**
 * Validates one row. Errors are pushed to `errors`; returns null when the row is unusable.
 * @param nr the numbered raw row
 * @param labelColumns the per-label columns of the file
 * @param fileName used in the default `source`
 * @param errors collects every problem found
 * @returns the draft result or null
 */
export function validateRow(
  nr: NumberedRow,
  labelColumns: readonly string[],
  fileName: string,
  errors: ImportError[],
): RowDraft | null {
  const { row, cells } = nr;
  const before = errors.length;
  const fail: Fail = (column, message) => {
    errors.push({ row, column, message });
  };
  const num = (column: string, opts: { integer?: boolean; min?: number }): number | null => {
    const p = parseNumber(cellText(cells[column]), opts);
    if (!p.ok) fail(column, p.message);
    return p.ok ? p.value : null;
  };
  const source = cellText(cells.source);
  if (source.toLowerCase().startsWith(EXAMPLE_ROW_MARK)) {
    fail('source', 'this is an example row from the template; replace it with your own results');
  }
  const arch = archCell(cellText(cells.arch), fail);
  const pretrained = pretrainedCell(cellText(cells.pretrained).toLowerCase(), fail);
  const value = num('value', {});
  if (cellText(cells.value) === '') fail('value', 'is required');
  const perLabel: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const label of labelColumns) {
    const v = num(label, {});
    if (v !== null) perLabel[label] = v;
  }
  const n = num('n', { integer: true, min: 1 });
  const seed = num('seed', { integer: true, min: 0 });
  if (n !== null && n > 1 && seed !== null)
    fail('seed', 'a row that already averages n > 1 replicates cannot have one seed');
  const result: ModelResult = {
    arch,
    pretrained,
    unitsRemoved: num('units_removed', { integer: true, min: 0 }) ?? 0,
    params: num('params', { integer: true, min: 1 }),
    inputSize: num('input_size', { integer: true, min: 1 }),
    value: value ?? NaN,
    sd: num('sd', { min: 0 }),
    ...(n === null || n === 1 ? {} : { n }),
    perLabel: Object.keys(perLabel).length > 0 ? perLabel : null,
    flags: [
      'imported',
      ...cellText(cells.flags)
        .split(/[;|]/)
        .map((f) => f.trim())
        .filter(Boolean),
    ],
    source: source || `${fileName}, row ${row}`,
    note: cellText(cells.note),
  };
  return errors.length === before ? { row, result, seed } : null;
}

/**
 * Columns of the file that are neither fixed columns nor empty: the per-label metric columns.
 * @param columns all column names
 * @returns the label columns in file order
 */
export function labelColumnsOf(columns: readonly string[]): string[] {
  const fixed = new Set<string>(RESULT_COLUMNS);
  return columns.filter((c) => c !== '' && !fixed.has(c));
}
