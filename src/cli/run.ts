/**
 * `chextransfer run --grid SPEC --index I --out DIR [--engine node|chromium] [--allow-software-gpu]`
 * Runs one task of a grid headless with the app's training code and writes `DIR/tasks/I.json`
 * (a RunRecord, atomically), `DIR/logs/I.log`, and after every epoch `DIR/checkpoints/I.safetensors`,
 * from which a preempted or requeued attempt resumes. A finished task is not run again.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { taskAt, type GridTask } from '../grid/tasks.ts';
import type { RunRecord } from '../study/runs.ts';
import { toRunRecord } from '../ui/train/runRecord.ts';
import type { HeadlessOutput, HeadlessTask } from '../worker/training/headless.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { intFlag, loadGrid, taskPaths, writeAtomic, type LoadedGrid } from './gridFiles.ts';
import { isRefusal } from '../refusal/refusal.ts';
import {
  datasetOf,
  datasetPath,
  imagenetBytes,
  inDomainOf,
  requestOf,
  runKeyOf,
} from './gridRequest.ts';

const HELP = `usage: chextransfer run --grid SPEC --index I --out DIR [--engine node|chromium] [--allow-software-gpu]

Runs task I of the grid SPEC (0-based; SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX when --index is
omitted) with the app's own training code, and writes DIR/tasks/I.json (a RunRecord), DIR/logs/I.log
and a per-epoch checkpoint DIR/checkpoints/I.safetensors that a requeued attempt resumes from.
Engines: node (TensorFlow.js CPU, the default), chromium (headless Chromium running the built
app's runner page on WebGPU or WebGL; needs 'npm run build' and a Chromium: CHROMIUM_PATH).
--force runs a task again even when its record exists.
An in-domain task's checkpoint (.pt) must hold the task's architecture with one input channel.
Exit codes: 0 done (or already done), 1 the task failed (DIR/tasks/I.error.json says why), 2 usage,
3 wrong weights (a weights file or checkpoint of another architecture, or damaged).
`;

/** The engines; each runs `runHeadless` somewhere and returns its output. */
export const ENGINES = {
  node: () => import('./engineNode.ts').then((m) => m.runOnNode),
  chromium: () => import('./engineChromium.ts').then((m) => m.runInChromium),
} as const;
export type EngineName = keyof typeof ENGINES;

/** Engine options from the command line. */
export interface EngineOptions {
  readonly allowSoftwareGpu: boolean;
}

/** A task as an engine gets it: the headless task, and where the dataset is on disk. */
export type EngineTask = Omit<HeadlessTask, 'backend'> & {
  /** Absolute path of the dataset folder or zip (undefined for the synthetic set). */
  readonly datasetPath?: string;
};

function indexOf(flag: string | undefined): number {
  const env = process.env['SLURM_ARRAY_TASK_ID'] ?? process.env['JOB_COMPLETION_INDEX'];
  return intFlag(
    flag ?? env,
    flag === undefined
      ? 'the task index (--index, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)'
      : '--index',
  );
}

/** Appends a time-stamped line to the task's log and to stderr (the scheduler's job log). */
function taskLogger(file: string, io: Io, index: number): (line: string) => void {
  mkdirSync(path.dirname(file), { recursive: true });
  return (line) => {
    const text = `${new Date().toISOString()} [task ${index}] ${line}\n`;
    appendFileSync(file, text);
    io.err(text);
  };
}

/**
 * @param grid the loaded grid
 * @param task the task
 * @param out the finished run
 * @returns the task's RunRecord
 */
export function recordOf(grid: LoadedGrid, task: GridTask, out: HeadlessOutput): RunRecord {
  const base = toRunRecord(out.result, {
    trainImages: out.trainImages,
    validationImages: out.validationImages,
    ...(grid.spec.dataset.kind === 'nih' ? { format: 'nih' as const } : {}),
    finishedAt: new Date(),
  });
  return {
    ...base,
    seed: task.seed,
    grid: { name: grid.spec.name, index: task.index, configKey: task.configKey },
  };
}

async function attempt(
  grid: LoadedGrid,
  task: GridTask,
  dir: string,
  engine: EngineName,
  opts: EngineOptions & { log: (line: string) => void },
): Promise<RunRecord> {
  const paths = taskPaths(dir, task.index);
  const resume = existsSync(paths.checkpoint)
    ? new Uint8Array(readFileSync(paths.checkpoint))
    : null;
  // a wrong chest-X-ray checkpoint is refused before any data is read
  const inDomain = await inDomainOf(task, grid.baseDir, resume !== null);
  if (inDomain?.bytes) opts.log(`in-domain start: ${inDomain.label}, checked`);
  const where = datasetPath(grid.spec, grid.baseDir);
  // The node engine reads the files itself; the chromium engine hands the path to the browser.
  const dataset = await datasetOf(grid.spec, grid.baseDir, { list: engine === 'node' });
  const headless: EngineTask = {
    request: requestOf(grid.spec, task, dataset),
    ...(where === undefined ? {} : { datasetPath: where }),
    runId: `${grid.spec.name}#${task.index}`,
    runKey: runKeyOf(grid.spec, task),
    resume,
    ...(task.init.kind === 'imagenet' && resume === null
      ? { weights: await imagenetBytes(task, grid.baseDir) }
      : {}),
    ...(inDomain === undefined ? {} : { inDomain }),
    onCheckpoint: async (bytes, epoch) => {
      writeAtomic(paths.checkpoint, bytes);
      opts.log(
        `checkpoint after epoch ${epoch} written (${(bytes.byteLength / 1e6).toFixed(1)} MB)`,
      );
    },
    log: opts.log,
  };
  const run = await ENGINES[engine]();
  return recordOf(grid, task, await run(headless, opts));
}

/**
 * @param args command-line arguments after `run`
 * @param io output streams
 * @returns 0 when the task is done, 1 when it failed, 2 on a usage error (thrown), 3 when its
 *   weights file or checkpoint is refused (thrown: a 'wrong-weights' refusal)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      grid: { type: 'string' },
      index: { type: 'string' },
      out: { type: 'string' },
      engine: { type: 'string', default: 'node' },
      'allow-software-gpu': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.grid || !values.out) throw new UsageError('--grid SPEC and --out DIR are required');
  if (!Object.hasOwn(ENGINES, values.engine))
    throw new UsageError(
      `--engine must be one of ${Object.keys(ENGINES).join(', ')} (got ${values.engine})`,
    );
  const grid = loadGrid(values.grid);
  const task = taskAt(grid.tasks, indexOf(values.index));
  if (typeof task === 'string') throw new UsageError(task);
  const paths = taskPaths(values.out, task.index);
  if (existsSync(paths.record) && !values.force) {
    io.err(`task ${task.index} is already done (${paths.record}); --force runs it again\n`);
    return 0;
  }
  const log = taskLogger(paths.log, io, task.index);
  log(
    `${task.configKey}, seed ${task.seed}, engine ${values.engine}, host ${process.env['HOSTNAME'] ?? 'unknown'}`,
  );
  try {
    const record = await attempt(grid, task, values.out, values.engine as EngineName, {
      allowSoftwareGpu: values['allow-software-gpu'],
      log,
    });
    writeAtomic(paths.record, `${JSON.stringify(record, null, 2)}\n`);
    rmSync(paths.error, { force: true });
    rmSync(paths.checkpoint, { force: true });
    log(
      `done: mean AUC ${record.meanAuc ?? 'n/a'} after ${record.epochs} epochs; record ${paths.record}`,
    );
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log(`failed: ${message}`);
    const at = new Date().toISOString();
    writeAtomic(paths.error, `${JSON.stringify({ index: task.index, message, at }, null, 2)}\n`);
    // usage errors and refusals (a wrong weights file: exit 3) end the command with their code
    if (e instanceof UsageError || isRefusal(e)) throw e;
    io.err(`Task ${task.index} failed: ${message}\n`);
    return 1;
  }
}
