/**
 * The 'grid' section of `npm run bench`: what the headless runner adds to a task. Task 0 of the
 * tiny grid (`chextransfer grid example --tiny`) runs twice each way, alternating, each in a fresh
 * process: `chextransfer run` (spec file, dataset, per-epoch checkpoints on disk, record, log) and
 * gridDirect.ts, which calls the same `runHeadless` with nothing around it. The difference is the
 * runner's overhead. Node tfjs-cpu; the numbers move with the machine's load.
 *
 *   npm run bench -- --only grid
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TINY_GRID } from '../../src/grid/examples.ts';

/** What the section reports (seconds). */
export interface GridBench {
  readonly cli: readonly number[];
  readonly direct: readonly number[];
  readonly startup: number;
  readonly overheadSeconds: number;
  readonly overheadShare: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

function timed(args: readonly string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}

const CLI = path.resolve('bin/chextransfer.mjs');

/** @returns the runner's times and overhead on task 0 of the tiny grid */
export async function benchGrid(): Promise<GridBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-bench-grid-'));
  const spec = path.join(dir, 'tiny.json');
  writeFileSync(spec, JSON.stringify(TINY_GRID));
  const cli: number[] = [];
  const direct: number[] = [];
  try {
    const startup = timed([CLI, 'grid', 'check', spec]);
    for (let i = 0; i < 2; i++) {
      const out = path.join(dir, `out${i}`);
      cli.push(timed([CLI, 'run', '--grid', spec, '--index', '0', '--out', out]));
      direct.push(timed(['--import', 'tsx', path.resolve('scripts/bench/gridDirect.ts')]));
    }
    const overheadSeconds = median(cli) - median(direct);
    const report = {
      cli,
      direct,
      startup,
      overheadSeconds,
      overheadShare: overheadSeconds / median(cli),
    };
    console.log('\nGrid runner, task 0 of the tiny grid (Node tfjs-cpu):');
    console.log(`  chextransfer run (process):  ${cli.map((s) => s.toFixed(1)).join(', ')} s`);
    console.log(`  runHeadless alone (process): ${direct.map((s) => s.toFixed(1)).join(', ')} s`);
    console.log(`  start-up alone (grid check): ${startup.toFixed(2)} s`);
    console.log(
      `  overhead: ${overheadSeconds.toFixed(1)} s per task (${(100 * report.overheadShare).toFixed(1)}% of the task)`,
    );
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
