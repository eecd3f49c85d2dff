/**
 * Imports a user's results file (CSV or JSON) as a Study, validating every row with messages a
 * person can act on. The format is documented in public/templates/results-template.{csv,json}.
 */
import type { ReaderLimits } from '../refusal/readerLimits.ts';
import { contentHash } from './contentHash.ts';
import { jsonDepth } from './jsonDepth.ts';
import { fieldCountErrors, keyed, readCsvTable } from './csvTable.ts';
import type { ImportError } from './importColumns.ts';
import { CAMEL_ALIASES } from './importColumns.ts';
import { paperOfFile } from './importPaper.ts';
import type { NumberedRow, RawRow, RowDraft } from './importRows.ts';
import { labelColumnsOf, validateRow } from './importRows.ts';
import { groupReplicates, mergeReplicates } from './replicates.ts';
import type { MetricSpec, ModelResult, Study } from './types.ts';
import { CHEXPERT_TASKS } from './types.ts';

export type { ImportError } from './importColumns.ts';
export { formatImportError, importRefusal } from './importColumns.ts';
export { serializeStudy, studyToCsv } from './exportStudy.ts';

/** The outcome of an import: a study with warnings, or every error found. */
export type ImportOutcome =
  { ok: true; study: Study; warnings: string[] } | { ok: false; errors: ImportError[] };

/** The JSON results reader's budget (the CSV's is CSV_LIMITS in csvTable.ts). */
export const RESULTS_JSON_LIMITS = {
  depth: {
    value: 32,
    unit: 'levels of nested arrays and objects',
    why: "a results file nests 6 levels at most (runs.json's run records with their history); reading a cell turns it into text, which recurses once per level, so a deeper file is refused before it is parsed",
  },
} as const satisfies ReaderLimits;

/** Study-level fields a JSON file may set. */
interface StudyMeta {
  title?: string;
  citation?: string;
  url?: string;
  dataset?: string;
  split?: string;
  metric?: MetricSpec;
  /** The paper the results come from (see importPaper.ts). */
  paper?: unknown;
}

const DEFAULT_METRIC: MetricSpec = {
  name: 'AUROC',
  averaging: 'mean over the 5 CheXpert competition tasks',
  key: 'auroc:chexpert-mean5',
};

const fail = (
  message: string,
  row: number | null = null,
  column: string | null = null,
): ImportOutcome => ({
  ok: false,
  errors: [{ row, column, message }],
});

/** CSV: header row required; rows are numbered as records (header = row 1). */
function readCsv(text: string): { rows: NumberedRow[]; columns: string[]; errors: ImportError[] } {
  const table = readCsvTable(text);
  const columns = table.header.filter((c) => c !== '');
  const errors: ImportError[] = [...table.errors, ...fieldCountErrors(table)].map((e) => ({
    row: e.row,
    column: null,
    message: e.message,
  }));
  const rows = table.rows.map((r) => ({ row: r.row, cells: keyed(table.header, r.cells) }));
  return { rows, columns, errors };
}

/** JSON: an array of rows, or { study, results }; rows are numbered from 1. */
function readJson(
  text: string,
): { rows: NumberedRow[]; columns: string[]; meta: StudyMeta } | string {
  const limit = RESULTS_JSON_LIMITS.depth.value;
  if (jsonDepth(text, limit) > limit)
    return `the JSON nests arrays or objects more than ${limit} levels deep; a results file needs at most 6`;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const list = Array.isArray(doc) ? doc : isObj(doc) ? doc.results : undefined;
  if (!Array.isArray(list))
    return 'JSON must be an array of results or an object with a "results" array';
  const meta = isObj(doc) && isObj(doc.study) ? (doc.study as StudyMeta) : {};
  const columns = new Set<string>();
  const rows: NumberedRow[] = list.map((item: unknown, i) => {
    // Null prototype: a key named __proto__ is a column like any other.
    const cells: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    if (isObj(item)) {
      for (const [k, v] of Object.entries(item)) {
        if (k === 'perLabel' && isObj(v)) Object.assign(cells, v);
        else if (k === 'flags' && Array.isArray(v)) cells.flags = v.join(';');
        else cells[Object.hasOwn(CAMEL_ALIASES, k) ? (CAMEL_ALIASES[k] ?? k) : k] = v;
      }
    }
    Object.keys(cells).forEach((k) => columns.add(k));
    return { row: i + 1, cells };
  });
  return { rows, columns: [...columns], meta };
}

/** Percent detection and range checks on the value, sd and per-label columns. */
function scale(drafts: RowDraft[], errors: ImportError[], warnings: string[]): ModelResult[] {
  const percent = drafts.length > 0 && drafts.every((d) => d.result.value > 1);
  const [lo, hi] = percent ? [50, 100] : [0, 1];
  if (percent)
    warnings.push('All values are above 1, so they were read as percentages and divided by 100.');
  const k = percent ? 100 : 1;
  return drafts.map(({ row, result }) => {
    const check = (column: string, v: number): void => {
      if (v < lo || v > hi) {
        const hint = percent
          ? 'as a percentage'
          : 'on the 0..1 scale (or give every value as a percentage 50..100)';
        errors.push({ row, column, message: `${v} is outside ${lo}..${hi} ${hint}` });
      }
    };
    check('value', result.value);
    const perLabel = result.perLabel
      ? Object.fromEntries(
          Object.entries(result.perLabel).map(([l, v]) => (check(l, v), [l, v / k])),
        )
      : null;
    return {
      ...result,
      value: result.value / k,
      sd: result.sd === null ? null : result.sd / k,
      perLabel,
    };
  });
}

/**
 * Parses a results file. JSON is detected by content (first character `{` or `[`), else CSV.
 * @param text the file's text
 * @param fileName shown in titles and default sources
 * @returns the imported study (kind 'imported', id from a hash of the content) or all errors
 */
export function parseResultsFile(text: string, fileName: string): ImportOutcome {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return fail('the file is empty');
  const isJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  let rows: NumberedRow[];
  let columns: string[];
  let meta: StudyMeta = {};
  const errors: ImportError[] = [];
  if (isJson) {
    const read = readJson(trimmed);
    if (typeof read === 'string') return fail(read);
    ({ rows, columns, meta } = read);
  } else {
    const read = readCsv(trimmed);
    ({ rows, columns } = read);
    errors.push(...read.errors);
    if (!columns.includes('arch') || !columns.includes('value')) {
      return fail(
        `no header row with the required columns 'arch' and 'value' (found: ${columns.join(', ') || 'nothing'})`,
        1,
      );
    }
  }
  if (rows.length === 0) return fail('the file has no result rows');
  const labelColumns = labelColumnsOf(columns);
  const drafts = rows
    .map((r) => validateRow(r as { row: number; cells: RawRow }, labelColumns, fileName, errors))
    .filter((d): d is RowDraft => d !== null);
  const groups = groupReplicates(drafts, errors);
  const paper = paperOfFile(rows, meta.paper, errors);
  const warnings: string[] = [];
  const scaled = scale(drafts, errors, warnings);
  if (errors.length > 0) return { ok: false, errors };
  const results = groups.map((g) =>
    mergeReplicates(
      g.flatMap((i) => scaled[i] ?? []),
      g.map((i) => drafts[i]?.seed ?? null),
    ),
  );
  const merged = groups.filter((g) => g.length > 1).length;
  if (merged > 0)
    warnings.push(
      `${merged} configuration${merged === 1 ? '' : 's'} had several seeds: each is shown as the mean with its SD and n.`,
    );
  if (!meta.metric)
    warnings.push(`No metric given; assumed ${DEFAULT_METRIC.name}, ${DEFAULT_METRIC.averaging}.`);
  const study = buildStudy(trimmed, fileName, meta, labelColumns, results);
  return { ok: true, study: paper ? { ...study, paper } : study, warnings };
}

function buildStudy(
  text: string,
  fileName: string,
  meta: StudyMeta,
  labels: string[],
  results: ModelResult[],
): Study {
  return {
    id: `imported-${contentHash(text)}`,
    kind: 'imported',
    title: meta.title ?? `Imported results: ${fileName}`,
    citation: meta.citation ?? `Imported from ${fileName}`,
    url: meta.url ?? '',
    licence: 'As stated by whoever supplied the file',
    dataset: meta.dataset ?? 'CheXpert (assumed)',
    split: meta.split ?? 'not stated',
    labels: labels.length > 0 ? labels : CHEXPERT_TASKS,
    metric: meta.metric ?? DEFAULT_METRIC,
    protocol: [],
    flags: ['imported'],
    results,
    reportedStatistics: [],
    findings: [],
    notes: [
      `Imported from ${fileName}; values are as supplied and not checked against any publication.`,
    ],
  };
}
