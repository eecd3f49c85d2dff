/**
 * `chextransfer slurm SPEC --out DIR [--partition P] [--account A] [--time T] [--gpus-per-task N]
 *   [--cpus-per-task N] [--mem M] [--max-running N] [--engine node|chromium] [--submit] [--wait]`
 * Writes DIR/grid.json, DIR/grid.sbatch and DIR/collect.sbatch; --submit submits both (collect
 * with afterany on the array); --wait returns when both have ended and exits 1 if any task failed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { collectSbatch, gridSbatch, parseJobId, type SlurmOptions } from '../grid/slurm.ts';
import { readOutcomes } from './collect.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { intFlag, loadGrid, writeAtomic } from './gridFiles.ts';
import { portableSpec } from './gridPortable.ts';

const HELP = `usage: chextransfer slurm SPEC --out DIR [--partition P] [--account A] [--time HH:MM:SS]
         [--gpus-per-task N] [--cpus-per-task N] [--mem 8G] [--max-running N]
         [--engine node|chromium] [--allow-software-gpu] [--submit] [--wait]

Writes DIR/grid.json (the spec, paths made absolute), DIR/grid.sbatch (a job array over the
tasks, --requeue, each task resuming from its checkpoint) and DIR/collect.sbatch (collects
DIR/runs.json). DIR must be on a file system every node sees. --submit submits both, the collect
job with --dependency=afterany on the array. --wait then returns when both have ended and prints
{"tasks","done","failed","missing"}; exit 1 if any task failed or is missing.
`;

const NAME = /^[A-Za-z0-9._-]+$/;

function options(v: Record<string, string | boolean | undefined>): SlurmOptions {
  const s = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  for (const k of ['partition', 'account'] as const) {
    const x = s(k);
    if (x !== undefined && !NAME.test(x))
      throw new UsageError(`--${k} must be a SLURM name (got ${x})`);
  }
  const time = s('time');
  if (time !== undefined && !/^(\d+-)?\d+(:\d\d){0,2}$/.test(time))
    throw new UsageError(`--time must be SLURM time, e.g. 02:00:00 or 1-00:00:00 (got ${time})`);
  const mem = s('mem');
  if (mem !== undefined && !/^\d+[KMGT]?$/.test(mem))
    throw new UsageError(`--mem must be e.g. 8G (got ${mem})`);
  const int = (k: string): number | undefined =>
    s(k) === undefined ? undefined : intFlag(s(k), `--${k}`, 1);
  const o: Record<string, string | number | undefined> = {
    partition: s('partition'),
    account: s('account'),
    time,
    mem,
    gpusPerTask: int('gpus-per-task'),
    cpusPerTask: int('cpus-per-task'),
    maxRunning: int('max-running'),
  };
  return Object.fromEntries(Object.entries(o).filter((e) => e[1] !== undefined)) as SlurmOptions;
}

function sbatch(args: readonly string[]): string {
  try {
    const text = execFileSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
    const id = parseJobId(text);
    if (id === null) throw new Error(`unexpected sbatch output: ${text.trim()}`);
    return id;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new UsageError(`sbatch failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

/**
 * @param ids job ids
 * @returns true while squeue lists any of them as pending, running or completing (a requeued
 *   task is pending again); false once they are gone or the controller forgot them
 */
function anyQueued(ids: readonly string[]): boolean {
  try {
    return (
      execFileSync('squeue', ['-h', '-j', ids.join(','), '-o', '%i'], {
        encoding: 'utf8',
      }).trim() !== ''
    );
  } catch (e) {
    const text = String((e as { stderr?: string }).stderr ?? e);
    if (/Invalid job id/i.test(text)) return false;
    throw new Error(`squeue failed: ${text.trim()}`, { cause: e });
  }
}

async function waitFor(ids: readonly string[], io: Io): Promise<void> {
  let failures = 0;
  for (;;) {
    try {
      if (!anyQueued(ids)) return;
      failures = 0;
    } catch (e) {
      // The controller may be briefly busy; give up only when it stays unreachable.
      if (++failures >= 30) throw e;
      io.err(`${(e as Error).message}; retrying\n`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/**
 * @param args arguments after `slurm`
 * @param io output streams
 * @returns 0 on success, 1 when --wait saw a failed or missing task, 2 on a usage error
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      partition: { type: 'string' },
      account: { type: 'string' },
      time: { type: 'string' },
      'gpus-per-task': { type: 'string' },
      'cpus-per-task': { type: 'string' },
      mem: { type: 'string' },
      'max-running': { type: 'string' },
      engine: { type: 'string', default: 'node' },
      'allow-software-gpu': { type: 'boolean', default: false },
      submit: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [specFile] = positionals;
  if (specFile === undefined || !values.out) throw new UsageError('slurm needs SPEC and --out DIR');
  if (values.wait && !values.submit) throw new UsageError('--wait needs --submit');
  if (!['node', 'chromium'].includes(values.engine))
    throw new UsageError(`--engine must be node or chromium (got ${values.engine})`);
  const grid = loadGrid(specFile);
  const out = path.resolve(values.out);
  mkdirSync(path.join(out, 'slurm'), { recursive: true });
  writeAtomic(path.join(out, 'grid.json'), `${JSON.stringify(portableSpec(grid), null, 2)}\n`);
  const cli = path.resolve(import.meta.dirname, '../../bin/chextransfer.mjs');
  if (!existsSync(cli)) throw new Error(`cannot find the command line at ${cli}`);
  const command = {
    node: process.execPath,
    cli,
    out,
    engineArgs: [
      '--engine',
      values.engine,
      ...(values['allow-software-gpu'] ? ['--allow-software-gpu'] : []),
    ],
    name: grid.spec.name,
    tasks: grid.tasks.length,
  };
  const opts = options(values);
  writeAtomic(path.join(out, 'grid.sbatch'), gridSbatch(command, opts));
  writeAtomic(path.join(out, 'collect.sbatch'), collectSbatch(command, opts));
  io.err(`wrote ${out}/grid.sbatch (${grid.tasks.length} tasks) and ${out}/collect.sbatch\n`);
  if (!values.submit) return 0;
  const gridJob = sbatch([path.join(out, 'grid.sbatch')]);
  const collectJob = sbatch([`--dependency=afterany:${gridJob}`, path.join(out, 'collect.sbatch')]);
  writeAtomic(
    path.join(out, 'slurm', 'jobs.json'),
    `${JSON.stringify({ grid: gridJob, collect: collectJob })}\n`,
  );
  io.err(`submitted grid job ${gridJob} and collect job ${collectJob} (afterany:${gridJob})\n`);
  if (!values.wait) return 0;
  await waitFor([gridJob, collectJob], io);
  const outcomes = readOutcomes(grid, out);
  const counts = { tasks: grid.tasks.length, done: 0, failed: 0, missing: 0 };
  for (const o of outcomes.values()) counts[o.kind]++;
  io.out(`${JSON.stringify(counts)}\n`);
  if (!existsSync(path.join(out, 'runs.json'))) {
    io.err(`the collect job ${collectJob} wrote no runs.json: see ${out}/slurm/collect.out\n`);
    return 1;
  }
  return counts.done === counts.tasks ? 0 : 1;
}
