/**
 * For the 'grid' bench: task 0 of the tiny grid through `runHeadless` directly, in a fresh
 * process like `chextransfer run`, but without the runner (no spec file, no checkpoints written,
 * no record, no log). Prints nothing; the bench times the process.
 */
import { requestOf, runKeyOf } from '../../src/cli/gridRequest.ts';
import { TINY_GRID } from '../../src/grid/examples.ts';
import { gridTasks } from '../../src/grid/tasks.ts';
import { runHeadless } from '../../src/worker/training/headless.ts';

const expanded = gridTasks(TINY_GRID);
const task = expanded.ok ? expanded.tasks[0] : undefined;
if (task === undefined || TINY_GRID.dataset.kind !== 'synthetic') throw new Error('no tiny task 0');
await runHeadless({
  request: requestOf(TINY_GRID, task, { ...TINY_GRID.dataset }),
  runId: 'bench',
  runKey: runKeyOf(TINY_GRID, task),
  resume: null,
  backend: 'cpu',
  onCheckpoint: () => Promise.resolve(),
  log: () => undefined,
});
