/** The findings of one prediction, in output order or sorted. Pure. */
import { CHEXPERT_TASKS } from '../../study/types.ts';

/**
 * The five findings with their probabilities, in output order or sorted (highest first).
 * @param probabilities per task, in CHEXPERT_TASKS order
 * @param sorted sort by probability
 * @returns [task, probability] pairs
 */
export function findingRows(
  probabilities: readonly number[],
  sorted: boolean,
): { task: string; p: number }[] {
  const rows = CHEXPERT_TASKS.map((task, k) => ({ task, p: probabilities[k] ?? Number.NaN }));
  return sorted ? rows.sort((a, b) => b.p - a.p) : rows;
}
