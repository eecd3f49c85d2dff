/** Exports a study in the results-file format, so an export can be imported again unchanged. */
import Papa from 'papaparse';
import { defuseCell } from './csvSafe.ts';
import { RESULT_COLUMNS } from './importColumns.ts';
import type { ModelResult, Study } from './types.ts';

/** The per-label columns a study's results use, in the study's label order, then any others. */
function labelColumns(study: Study): string[] {
  const used = new Set(study.results.flatMap((r) => Object.keys(r.perLabel ?? {})));
  return [
    ...study.labels.filter((l) => used.has(l)),
    ...[...used].filter((l) => !study.labels.includes(l)),
  ];
}

/** One result as a template row (snake_case columns, labels as their own columns). */
function toRow(
  r: ModelResult,
  labels: readonly string[],
): Record<string, string | number | boolean | null> {
  const row: Record<string, string | number | boolean | null> = {
    arch: r.arch,
    pretrained: r.pretrained,
    units_removed: r.unitsRemoved,
    value: r.value,
    sd: r.sd,
    ...(r.n === undefined ? {} : { n: r.n }),
    input_size: r.inputSize,
    params: r.params,
  };
  for (const l of labels) row[l] = r.perLabel?.[l] ?? null;
  row.flags = r.flags.filter((f) => f !== 'imported').join(';');
  row.source = r.source;
  row.note = r.note;
  return row;
}

/** A study's declared paper id, written on every row so that a re-import keeps it. */
const withPaper = (study: Study, row: Record<string, string | number | boolean | null>) =>
  study.paper ? { ...row, paper: study.paper.id } : row;

/**
 * JSON in the import format: `{ study: {...}, results: [...] }`.
 * @param study any study (published, imported or runs)
 * @returns pretty-printed JSON that parseResultsFile reads back to the same results
 */
export function serializeStudy(study: Study): string {
  const labels = labelColumns(study);
  const doc = {
    study: {
      title: study.title,
      citation: study.citation,
      url: study.url,
      dataset: study.dataset,
      split: study.split,
      metric: study.metric,
    },
    results: study.results.map((r) => withPaper(study, toRow(r, labels))),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * CSV in the import format (header row, one line per result; blanks for missing values).
 * @param study any study
 * @returns CSV text
 */
export function studyToCsv(study: Study): string {
  const labels = labelColumns(study);
  // A study's results are already merged, so no row has a seed; n only where replicates were.
  const hasN = study.results.some((r) => r.n !== undefined);
  const fixed = RESULT_COLUMNS.filter(
    (c) => !['flags', 'source', 'note', 'seed', 'paper', ...(hasN ? [] : ['n'])].includes(c),
  );
  const columns = [
    ...fixed,
    ...labels,
    'flags',
    'source',
    'note',
    ...(study.paper ? ['paper'] : []),
  ];
  const data = study.results.map((r) => {
    const row = withPaper(study, toRow(r, labels));
    return columns.map((c) => {
      const v = row[c];
      // Text (source, note, flags, names) may come from an imported file: defused (csvSafe.ts).
      return v === null || v === undefined ? '' : typeof v === 'string' ? defuseCell(v) : String(v);
    });
  });
  return `${Papa.unparse({ fields: columns.map(defuseCell), data })}\n`;
}
