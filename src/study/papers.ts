/**
 * Papers, the unit of independence: every published study declares the paper it comes from
 * (studies/*.ts); an imported file, a grid or My runs is its own paper unless it says otherwise.
 * Pure.
 */
import type { Study, StudyPaper } from './types.ts';

/**
 * @param study any study
 * @returns the paper it declares, else one of its own (id `study:<id>`, its title as the label)
 */
export function paperOf(study: Pick<Study, 'id' | 'title' | 'paper'>): StudyPaper {
  return study.paper ?? { id: `study:${study.id}`, label: study.title };
}

/**
 * @param studies studies, in any order
 * @returns their distinct papers, in order of first appearance
 */
export function papersOf(studies: readonly Pick<Study, 'id' | 'title' | 'paper'>[]): StudyPaper[] {
  const seen = new Map<string, StudyPaper>();
  for (const s of studies) {
    const p = paperOf(s);
    if (!seen.has(p.id)) seen.set(p.id, p);
  }
  return [...seen.values()];
}

/**
 * @param n a count
 * @param one the singular noun
 * @param many the plural (default: one + 's')
 * @returns e.g. '1 paper', '3 papers', '2 studies'
 */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
