/**
 * The optional `paper` of a results file: which publication its results come from, so that a
 * file from the same paper as another study is not counted as independent evidence (papers.ts).
 * A file is one study, so it names at most one paper (in a `paper` column, the same on every row
 * that fills it, or as `study.paper` in JSON); a paper id of the library keeps its label.
 */
import type { ImportError } from './importColumns.ts';
import type { NumberedRow } from './importRows.ts';
import { PUBLISHED_STUDIES } from './library.ts';
import type { StudyPaper } from './types.ts';

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v).trim();

/**
 * @param rows the file's rows
 * @param declared a JSON file's `study.paper`, if any
 * @param errors collects the error when the file names more than one paper
 * @returns the paper, or undefined when the file names none (it is then its own paper)
 */
export function paperOfFile(
  rows: readonly NumberedRow[],
  declared: unknown,
  errors: ImportError[],
): StudyPaper | undefined {
  const named = new Map<string, number>();
  if (text(declared) !== '') named.set(text(declared), 0);
  for (const r of rows) {
    const v = text(r.cells.paper);
    if (v !== '' && !named.has(v)) named.set(v, r.row);
  }
  if (named.size > 1) {
    const [, second] = [...named];
    errors.push({
      row: second?.[1] || null,
      column: 'paper',
      message: `this file names ${named.size} papers (${[...named.keys()].join(', ')}); a results file is one study from one paper, so split it into one file per paper`,
    });
    return undefined;
  }
  const [id] = [...named.keys()];
  if (id === undefined) return undefined;
  return PUBLISHED_STUDIES.find((s) => s.paper?.id === id)?.paper ?? { id, label: id };
}
