/**
 * SLURM batch scripts for a grid: a job array over the tasks (the task index is
 * SLURM_ARRAY_TASK_ID), requeue-safe because every task resumes from its last checkpoint, and a
 * collect job that runs after every array task has ended, whatever its outcome (`afterany`:
 * with `afterok` a single failed task would leave it pending forever). Pure text generation.
 */

/** Scheduler options (each maps to an #SBATCH line; absent means the cluster's default). */
export interface SlurmOptions {
  readonly partition?: string;
  readonly account?: string;
  /** Wall-time limit of each task, SLURM syntax (e.g. '02:00:00'). */
  readonly time?: string;
  readonly gpusPerTask?: number;
  readonly cpusPerTask?: number;
  /** Memory per task, SLURM syntax (e.g. '8G'). */
  readonly mem?: string;
  /** At most this many tasks run at once (the array's `%` throttle). */
  readonly maxRunning?: number;
}

/** What the scripts run. */
export interface SlurmCommand {
  /** Absolute path of node on the compute nodes. */
  readonly node: string;
  /** Absolute path of bin/chextransfer.mjs. */
  readonly cli: string;
  /** Absolute path of the grid's output folder (shared by all nodes). */
  readonly out: string;
  /** `run`'s engine and flags, e.g. ['--engine', 'chromium']. */
  readonly engineArgs: readonly string[];
  readonly name: string;
  readonly tasks: number;
}

/** SLURM accepts these in names and paths without quoting trouble. */
const SAFE = /^[A-Za-z0-9._/:@%+=-]+$/;

/**
 * @param value a word for a shell line
 * @returns it, single-quoted when it holds anything but safe characters
 */
export function shellWord(value: string): string {
  return SAFE.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

function optionLines(o: SlurmOptions): string[] {
  return [
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.account ? [`#SBATCH --account=${o.account}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.gpusPerTask ? [`#SBATCH --gpus-per-task=${o.gpusPerTask}`] : []),
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
  ];
}

/**
 * @param c what to run
 * @param o scheduler options
 * @returns the text of grid.sbatch
 */
export function gridSbatch(c: SlurmCommand, o: SlurmOptions): string {
  const throttle = o.maxRunning ? `%${o.maxRunning}` : '';
  const run = [
    c.node,
    c.cli,
    'run',
    '--grid',
    `${c.out}/grid.json`,
    '--index',
    '"$SLURM_ARRAY_TASK_ID"',
    '--out',
    c.out,
    ...c.engineArgs,
  ];
  return `#!/bin/bash
# chextransfer grid "${c.name}": ${c.tasks} tasks, one array element each.
# Written by 'chextransfer slurm'. Submit with: sbatch grid.sbatch
# A preempted or requeued task (scontrol requeue) restarts and resumes from its last per-epoch
# checkpoint in ${c.out}/checkpoints; a finished task is not run again.
#SBATCH --job-name=chextransfer-${c.name}
#SBATCH --array=0-${c.tasks - 1}${throttle}
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=${c.out}/slurm/task-%a.out
${optionLines(o).join('\n')}
set -euo pipefail
exec ${run.map((w) => (w.startsWith('"') ? w : shellWord(w))).join(' ')}
`;
}

/**
 * @param c what to run
 * @param o scheduler options (partition and account only: collecting takes seconds)
 * @returns the text of collect.sbatch
 */
export function collectSbatch(c: SlurmCommand, o: SlurmOptions): string {
  return `#!/bin/bash
# Collects grid "${c.name}" into ${c.out}/runs.json once every array task has ended.
# Submit after grid.sbatch with: sbatch --dependency=afterany:<grid job id> collect.sbatch
# (afterany, not afterok: a failed task must not leave this pending forever). It exits 1 when any
# task failed or is missing, and runs.json still holds the finished ones.
#SBATCH --job-name=chextransfer-${c.name}-collect
#SBATCH --output=${c.out}/slurm/collect.out
#SBATCH --open-mode=append
#SBATCH --time=00:15:00
#SBATCH --cpus-per-task=1
${[...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []), ...(o.account ? [`#SBATCH --account=${o.account}`] : [])].join('\n')}
set -euo pipefail
exec ${[c.node, c.cli, 'collect', c.out].map(shellWord).join(' ')}
`;
}

/**
 * @param text `sbatch --parsable` output: "123" or "123;cluster"
 * @returns the job id, or null when the text is not one
 */
export function parseJobId(text: string): string | null {
  const id = text.trim().split(';')[0] ?? '';
  return /^\d+$/.test(id) ? id : null;
}
