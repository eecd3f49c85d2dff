/**
 * The grid reader's budget and its coded refusals: a spec is read whole, checked for depth before
 * it is parsed, and its tasks are counted before any is built, so a small file cannot ask for
 * 10⁹ tasks in memory. Pure.
 */
import { RefusalError } from '../refusal/refusal.ts';
import type { ReaderLimits } from '../refusal/readerLimits.ts';

/** The grid reader's limits. */
export const GRID_LIMITS = {
  specBytes: {
    value: 16 * 1024 * 1024,
    unit: 'bytes',
    why: 'a spec is a few hundred bytes; 100,000 seeds take 0.7 MB, so 16 MB is room for any grid within the task limit and keeps parsing well under a second',
  },
  jsonDepth: {
    value: 32,
    unit: 'levels of nested arrays and objects',
    why: "the spec's deepest field is three levels down (an initialisation, a per-kind learning rate); validation and error messages recurse once per level, so 32 keeps them far from the stack's limit whatever the file holds",
  },
  tasks: {
    value: 100_000,
    unit: 'tasks per grid',
    why: "a Kubernetes Indexed Job runs at most 10⁵ indexes in parallel and CheXtransfer's own grid is 32 tasks; a grid is expanded task by task in memory (about 200 bytes each), so 100,000 tasks cost about 20 MB, where 10⁹ would need 200 GB",
  },
} as const satisfies ReaderLimits;

/** Why a grid spec was refused. */
export type GridErrorCode =
  'GRID_SPEC_INVALID' | 'GRID_SPEC_TOO_DEEP' | 'GRID_TOO_MANY_TASKS' | 'GRID_OUTPUT_UNWRITABLE';

/** A refused grid spec (bad input, exit 2): the sentence names the file, the detail every problem. */
export class GridError extends RefusalError<GridErrorCode> {
  override name = 'GridError';

  /**
   * @param code why
   * @param sentence one plain sentence
   * @param detail every problem, one per line
   */
  constructor(code: GridErrorCode, sentence: string, detail = '') {
    super('bad-input', code, sentence, { detail });
  }
}
