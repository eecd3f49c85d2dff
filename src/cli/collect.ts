/**
 * `chextransfer collect DIR [--grid SPEC] [--json]`
 * Merges DIR/tasks/*.json into DIR/runs.json (the app's results-import format, one row per seed)
 * and prints { "tasks", "done", "failed", "missing", "unreadable" }. A task file that cannot be
 * read (not JSON, a folder or device where the file should be, over its size budget, an error file
 * without a message) is reported as that task's failure, never the end of the command: runs.json
 * is written for the good ones and the exit code is 0 (README "Exit codes": 1 is only ever a bug);
 * the counts say what is not done.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { collectGrid, type TaskOutcome } from '../grid/collect.ts';
import { GridError } from '../grid/gridLimits.ts';
import type { ReaderLimits } from '../refusal/readerLimits.ts';
import { isRefusal } from '../refusal/refusal.ts';
import { jsonDepth } from '../study/jsonDepth.ts';
import { parseRun } from '../study/runs.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { loadGrid, taskPaths, writeAtomic, type LoadedGrid } from './gridFiles.ts';
import { readUserFileSync } from './userFile.ts';

const HELP = `usage: chextransfer collect DIR [--grid SPEC] [--json]

Reads the task records of the grid run in DIR (DIR/tasks/I.json, DIR/tasks/I.error.json), writes
DIR/runs.json for the app (Study Explorer -> Import: a study "Grid: NAME", seeds averaged with SD
and n) and prints the counts. The spec is DIR/grid.json (written by 'slurm' and 'k8s') or --grid.
--json prints only {"tasks","done","failed","missing","unreadable","failures"}. A task file that
cannot be read is that task's failure ("unreadable"); runs.json holds every task that is done.
Exit 0 once runs.json is written; 2 when the spec or DIR cannot be used.
`;

/** The collect reader's budget per task file. */
export const COLLECT_LIMITS = {
  taskFileBytes: {
    value: 64 * 1024 * 1024,
    unit: 'bytes per task record or error file',
    why: 'a record holds one line of history per epoch (about 200 bytes each): 1,000 epochs are 0.2 MB, so 64 MB is far beyond any run and stops a file (or /dev/zero behind a link) from being read without end',
  },
  jsonDepth: {
    value: 32,
    unit: 'levels of nested arrays and objects',
    why: 'a record nests 4 levels; checking before parsing keeps any later walk of it off the stack limit',
  },
} as const satisfies ReaderLimits;

/** A task file's JSON, or why it cannot be used (the task then counts as failed, unreadable). */
function readTaskJson(file: string): { value: unknown } | { problem: string } {
  let text: string;
  try {
    const bytes = readUserFileSync(file, {
      what: 'the task file',
      maxBytes: COLLECT_LIMITS.taskFileBytes.value,
    });
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    if (isRefusal(error)) return { problem: `${error.sentence} [${error.code}]` };
    throw error;
  }
  const limit = COLLECT_LIMITS.jsonDepth.value;
  if (jsonDepth(text, limit) > limit)
    return { problem: `${file} nests arrays or objects more than ${limit} levels deep` };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `${file} is not valid JSON (${(error as Error).message})` };
  }
}

const unreadable = (message: string): TaskOutcome => ({
  kind: 'failed',
  message: `its file could not be read: ${message}`,
  unreadable: true,
});

/** What a task's error file says (its `message`), or that it says nothing usable. */
function errorOutcome(file: string): TaskOutcome {
  const read = readTaskJson(file);
  if ('problem' in read) return unreadable(read.problem);
  const message = (read.value as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return { kind: 'failed', message };
  return unreadable(`${file} holds no message (found ${JSON.stringify(read.value)?.slice(0, 40)})`);
}

/** What a task's record says: done, or why it cannot be used. */
function recordOutcome(file: string): TaskOutcome {
  const read = readTaskJson(file);
  if ('problem' in read) return unreadable(read.problem);
  const parsed = parseRun(read.value);
  return parsed.ok
    ? { kind: 'done', record: parsed.run }
    : { kind: 'failed', message: `its record is unreadable: ${parsed.message}`, unreadable: true };
}

/**
 * @param grid the grid
 * @param dir its output folder
 * @returns what became of each task (the tasks folder is listed once, not stat-ed per task)
 */
export function readOutcomes(grid: LoadedGrid, dir: string): Map<number, TaskOutcome> {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(path.join(dir, 'tasks')));
  } catch {
    names = new Set(); // no tasks folder yet: every task is missing
  }
  const out = new Map<number, TaskOutcome>();
  for (const t of grid.tasks) {
    const p = taskPaths(dir, t.index);
    if (names.has(path.basename(p.record))) out.set(t.index, recordOutcome(p.record));
    else if (names.has(path.basename(p.error))) out.set(t.index, errorOutcome(p.error));
    else out.set(t.index, { kind: 'missing' });
  }
  return out;
}

/**
 * @param args arguments after `collect`
 * @param io output streams
 * @returns 0 once runs.json is written (2 on a usage error or an unusable spec, thrown)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      grid: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [dir] = positionals;
  if (dir === undefined) throw new UsageError('collect needs the grid output folder DIR');
  const grid = loadGrid(values.grid ?? path.join(dir, 'grid.json'));
  const { doc, summary, failures } = collectGrid(grid.spec, grid.tasks, readOutcomes(grid, dir));
  const target = path.join(dir, 'runs.json');
  try {
    writeAtomic(target, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (error) {
    throw new GridError(
      'GRID_OUTPUT_UNWRITABLE',
      `${target} cannot be written: check that DIR is a folder you can write to and that runs.json is not a folder.`,
      (error as Error).message,
    );
  }
  if (values.json) io.out(`${JSON.stringify({ ...summary, failures })}\n`);
  else {
    io.out(`${JSON.stringify(summary)}\n`);
    for (const f of failures) io.err(`task ${f.index} failed: ${f.message}\n`);
    io.err(
      `wrote ${target}: import it in the app (Study Explorer -> Import) as "Grid: ${grid.spec.name}"\n`,
    );
  }
  return 0;
}
