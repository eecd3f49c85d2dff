/**
 * A grid spec's tasks: the product architectures × initialisations × depths × seeds, seeds
 * innermost so that the replicates of one configuration are neighbours. Task i is the same task on
 * every machine (a SLURM array index or a Kubernetes completion index selects it). Pure.
 */
import { TRAIN_DEFAULTS } from '../data/trainDefaults.ts';
import { countTruncated, unitTable } from '../zoo/analytic.ts';
import type { ArchId } from '../zoo/catalog.ts';
import { GRID_LIMITS, type GridErrorCode } from './gridLimits.ts';
import { inDomainMismatch } from './inDomain.ts';
import type { GridDepth, GridInit, GridSpec } from './spec.ts';

/** One training run of the grid. */
export interface GridTask {
  /** Position in the grid, 0-based (the array index). */
  readonly index: number;
  readonly arch: ArchId;
  readonly init: GridInit;
  /** Final units removed (the depth resolved for this architecture). */
  readonly unitsRemoved: number;
  readonly seed: number;
  readonly learningRate: number;
  /**
   * What makes a configuration: everything but the seed. Tasks that share it are replicates,
   * e.g. `mobilenetv2_100|random|k13`.
   */
  readonly configKey: string;
}

/**
 * @param arch an architecture
 * @param depth a depth of the spec
 * @returns units removed, or a message when the depth does not fit the architecture
 */
export function resolveDepth(arch: ArchId, depth: GridDepth): number | string {
  const units = unitTable(arch).units.length;
  if (depth === 'full') return 0;
  if ('remove' in depth)
    return depth.remove < units
      ? depth.remove
      : `depth {"remove": ${depth.remove}} leaves nothing of ${arch} (it has ${units} units; remove at most ${units - 1})`;
  return depth.keep <= units
    ? units - depth.keep
    : `depth {"keep": ${depth.keep}} is more than ${arch}'s ${units} units`;
}

/**
 * @param arch an architecture
 * @param unitsRemoved its truncation
 * @param inputSize the grid's input side
 * @returns why the input is too small for the kept layers (e.g. Inception's stride-2 stem), or null
 */
function tooSmall(arch: ArchId, unitsRemoved: number, inputSize: number): string | null {
  try {
    countTruncated(arch, { unitsRemoved, inputSize });
    return null;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return `inputSize: ${inputSize} px is too small for ${arch} with ${unitsRemoved} units removed (${e.message}); use a larger inputSize or remove more units`;
  }
}

/**
 * @param spec the grid
 * @param init an initialisation
 * @returns Adam's learning rate for tasks with that initialisation
 */
export function learningRateOf(spec: GridSpec, init: GridInit): number {
  const lr = spec.learningRate;
  if (typeof lr === 'number') return lr;
  const defaults: Readonly<Record<string, number>> = TRAIN_DEFAULTS.learningRate;
  return lr?.[init.kind] ?? defaults[init.kind] ?? TRAIN_DEFAULTS.learningRate.random;
}

/**
 * @returns a short, stable word for an initialisation (as in configuration keys and names): its
 *   kind, which the spec allows once per grid
 */
export const initWord = (init: GridInit): string => init.kind;

/**
 * @param spec the grid
 * @param arch one of its architectures
 * @param errors collects every depth that does not fit it
 * @returns the units removed of each depth that fits
 */
function depthsOf(spec: GridSpec, arch: ArchId, errors: string[]): number[] {
  const out: number[] = [];
  for (const [d, depth] of spec.depths.entries()) {
    const k = resolveDepth(arch, depth);
    const small = typeof k === 'string' ? `depths[${d}]: ${k}` : tooSmall(arch, k, spec.inputSize);
    if (typeof k === 'number' && small === null) out.push(k);
    else if (small !== null) errors.push(small);
  }
  return out;
}

/** The outcome of expanding a grid. */
export type TasksOutcome =
  | { readonly ok: true; readonly tasks: GridTask[] }
  | { readonly ok: false; readonly errors: string[]; readonly code?: GridErrorCode };

/**
 * The task count, from the lists' lengths, before any task is built.
 * @param spec the grid
 * @param depths the depths that fit each architecture
 * @returns a message when the count is over the limit, else null
 */
function tooManyTasks(
  spec: GridSpec,
  depths: ReadonlyMap<ArchId, readonly number[]>,
): string | null {
  let count = 0;
  for (const list of depths.values()) count += list.length;
  count *= spec.initialisations.length * spec.seeds.length;
  const limit = GRID_LIMITS.tasks.value;
  if (count <= limit) return null;
  const fmt = (n: number): string => n.toLocaleString('en-US');
  return `the grid has ${fmt(count)} tasks (${spec.architectures.length} architectures × their depths × ${spec.initialisations.length} initialisations × ${fmt(spec.seeds.length)} seeds), more than the ${fmt(limit)} a grid may have: split it into smaller grids`;
}

/**
 * Expands a grid into its tasks, after counting them (at most GRID_LIMITS.tasks).
 * @param spec a validated spec
 * @returns the tasks in index order, or every depth (and named in-domain model) that does not
 *   fit an architecture, or the count when it is over the limit
 */
export function gridTasks(spec: GridSpec): TasksOutcome {
  const errors: string[] = [];
  const depths = new Map(spec.architectures.map((a) => [a, depthsOf(spec, a, errors)] as const));
  const tooMany = tooManyTasks(spec, depths);
  if (tooMany !== null) return { ok: false, errors: [tooMany], code: 'GRID_TOO_MANY_TASKS' };
  const tasks: GridTask[] = [];
  for (const arch of spec.architectures) {
    for (const [i, init] of spec.initialisations.entries()) {
      const mismatch = init.kind === 'in-domain' ? inDomainMismatch(init, arch) : null;
      if (mismatch !== null) errors.push(`initialisations[${i}]: ${mismatch}`);
      else
        for (const k of depths.get(arch) ?? []) {
          const configKey = `${arch}|${initWord(init)}|k${k}`;
          const learningRate = learningRateOf(spec, init);
          for (const seed of spec.seeds)
            tasks.push({
              index: tasks.length,
              arch,
              init,
              unitsRemoved: k,
              seed,
              learningRate,
              configKey,
            });
        }
    }
  }
  const twice = duplicateKeys(tasks);
  if (twice.length > 0)
    errors.push(
      `depths: two depths give the same model (${twice.slice(0, 3).join(', ')}); list each once`,
    );
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tasks };
}

/** Configurations that occur twice, found by hashing (one pass). */
function duplicateKeys(tasks: readonly GridTask[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const t of tasks) {
    const key = `${t.configKey}|${t.seed}`;
    if (seen.has(key)) twice.add(key);
    else seen.add(key);
  }
  return [...twice];
}

/**
 * @param tasks the grid's tasks
 * @param index a task index (from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)
 * @returns the task, or a message saying which indexes exist
 */
export function taskAt(tasks: readonly GridTask[], index: number): GridTask | string {
  const task = Number.isInteger(index) ? tasks[index] : undefined;
  return task ?? `Task index ${index} is not in this grid: it has tasks 0 to ${tasks.length - 1}.`;
}
