/**
 * The files of a grid run in its output folder, shared by `run`, `collect`, `slurm` and `k8s`:
 *
 *   DIR/grid.json             the spec, as validated (copied by `slurm`/`k8s`, read by `collect`)
 *   DIR/tasks/I.json          task I's RunRecord, written atomically when it finishes
 *   DIR/tasks/I.error.json    why task I failed (removed when a later attempt succeeds)
 *   DIR/checkpoints/I.safetensors   the last finished epoch of task I (deleted when it is done)
 *   DIR/logs/I.log            one line per event, appended by every attempt
 *   DIR/runs.json             `collect`'s merge, in the app's results-import format
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseGridSpec, type GridSpec } from '../grid/spec.ts';
import { GRID_LIMITS, GridError, type GridErrorCode } from '../grid/gridLimits.ts';
import { gridTasks, type GridTask } from '../grid/tasks.ts';
import { UsageError } from './command.ts';
import { readUserFileSync } from './userFile.ts';

/** Paths of one task's files. */
export interface TaskPaths {
  readonly record: string;
  readonly error: string;
  readonly checkpoint: string;
  readonly log: string;
}

/**
 * @param dir the grid's output folder
 * @param index a task index
 * @returns where that task's files live
 */
export function taskPaths(dir: string, index: number): TaskPaths {
  return {
    record: path.join(dir, 'tasks', `${index}.json`),
    error: path.join(dir, 'tasks', `${index}.error.json`),
    checkpoint: path.join(dir, 'checkpoints', `${index}.safetensors`),
    log: path.join(dir, 'logs', `${index}.log`),
  };
}

/**
 * Writes a file so that readers see the old content or the new, never half of it: a temporary
 * file in the same folder, then rename (atomic on POSIX file systems, NFS included).
 * @param file destination
 * @param data the content
 */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** A spec read from disk, with its tasks. */
export interface LoadedGrid {
  readonly spec: GridSpec;
  readonly tasks: readonly GridTask[];
  /** The spec's folder: relative dataset and weights paths are resolved against it. */
  readonly baseDir: string;
}

/**
 * @param file a grid spec file
 * @returns the validated spec and its tasks
 * @throws UserFileError for a path that is not a regular file within GRID_LIMITS.specBytes;
 *   GridError (bad input, exit 2) listing every problem of the spec
 */
export function loadGrid(file: string): LoadedGrid {
  const bytes = readUserFileSync(file, {
    what: 'the grid spec',
    maxBytes: GRID_LIMITS.specBytes.value,
  });
  const parsed = parseGridSpec(new TextDecoder().decode(bytes));
  const invalid = (errors: readonly string[], code?: GridErrorCode): GridError =>
    new GridError(
      code ?? 'GRID_SPEC_INVALID',
      `${file} is not a valid grid spec: fix what the detail lists and run again.`,
      errors.join('; '),
    );
  if (!parsed.ok) throw invalid(parsed.errors, parsed.code);
  const expanded = gridTasks(parsed.spec);
  if (!expanded.ok) throw invalid(expanded.errors, expanded.code);
  return { spec: parsed.spec, tasks: expanded.tasks, baseDir: path.dirname(path.resolve(file)) };
}

/**
 * @param value a flag's text
 * @param flag its name, for the message
 * @param min smallest allowed
 * @returns the integer
 * @throws UsageError when it is not an integer ≥ min
 */
export function intFlag(value: string | undefined, flag: string, min = 0): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < min)
    throw new UsageError(
      `${flag} must be an integer of at least ${min} (got ${value ?? 'nothing'})`,
    );
  return n;
}
