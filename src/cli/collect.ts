/**
 * `chextransfer collect DIR [--grid SPEC] [--json]`
 * Merges DIR/tasks/*.json into DIR/runs.json (the app's results-import format, one row per seed)
 * and prints { "tasks", "done", "failed", "missing" }. Exit 0 when every task is done, else 1
 * (runs.json still holds the finished ones), so a scheduler's collect step reports failures.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { collectGrid, type TaskOutcome } from '../grid/collect.ts';
import { parseRun } from '../study/runs.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { loadGrid, taskPaths, writeAtomic, type LoadedGrid } from './gridFiles.ts';

const HELP = `usage: chextransfer collect DIR [--grid SPEC] [--json]

Reads the task records of the grid run in DIR (DIR/tasks/I.json, DIR/tasks/I.error.json), writes
DIR/runs.json for the app (Study Explorer -> Import: a study "Grid: NAME", seeds averaged with SD
and n) and prints the counts. The spec is DIR/grid.json (written by 'slurm' and 'k8s') or --grid.
--json prints only {"tasks","done","failed","missing","failures"}. Exit 1 unless every task is done.
`;

/**
 * @param grid the grid
 * @param dir its output folder
 * @returns what became of each task
 */
export function readOutcomes(grid: LoadedGrid, dir: string): Map<number, TaskOutcome> {
  const out = new Map<number, TaskOutcome>();
  for (const t of grid.tasks) {
    const p = taskPaths(dir, t.index);
    if (existsSync(p.record)) {
      const parsed = parseRun(JSON.parse(readFileSync(p.record, 'utf8')) as unknown);
      out.set(
        t.index,
        parsed.ok
          ? { kind: 'done', record: parsed.run }
          : { kind: 'failed', message: `its record is unreadable: ${parsed.message}` },
      );
    } else if (existsSync(p.error)) {
      const e = JSON.parse(readFileSync(p.error, 'utf8')) as { message?: unknown };
      out.set(t.index, { kind: 'failed', message: String(e.message ?? 'no message') });
    } else out.set(t.index, { kind: 'missing' });
  }
  return out;
}

/**
 * @param args arguments after `collect`
 * @param io output streams
 * @returns 0 when all tasks are done, 1 otherwise, 2 on a usage error
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
  const specFile = values.grid ?? path.join(dir, 'grid.json');
  if (!existsSync(specFile))
    throw new UsageError(`${specFile} does not exist: pass the grid spec with --grid SPEC`);
  const grid = loadGrid(specFile);
  const { doc, summary, failures } = collectGrid(grid.spec, grid.tasks, readOutcomes(grid, dir));
  const target = path.join(dir, 'runs.json');
  writeAtomic(target, `${JSON.stringify(doc, null, 2)}\n`);
  if (values.json) io.out(`${JSON.stringify({ ...summary, failures })}\n`);
  else {
    io.out(`${JSON.stringify(summary)}\n`);
    for (const f of failures) io.err(`task ${f.index} failed: ${f.message}\n`);
    io.err(
      `wrote ${target}: import it in the app (Study Explorer -> Import) as "Grid: ${grid.spec.name}"\n`,
    );
  }
  return summary.done === summary.tasks ? 0 : 1;
}
