import { describe, expect, it } from 'vitest';
import { TINY_GRID } from './examples.ts';
import { estimateSeconds, runWork } from './estimate.ts';
import { imagesOf } from './plan.ts';
import { estimateGrid, estimateLines } from './planEstimate.ts';
import { validateGridSpec } from './spec.ts';
import { gridTasks } from './tasks.ts';

describe('estimateGrid', () => {
  it('gives each task the Train tab’s estimate at the measured rate, and their sum', () => {
    const spec = validateGridSpec(TINY_GRID);
    if (!spec.ok) throw new Error('tiny grid');
    const expanded = gridTasks(spec.spec);
    if (!expanded.ok) throw new Error('tiny grid tasks');
    const { tasks } = expanded;
    const images = imagesOf(spec.spec);
    if (typeof images === 'string') throw new Error(images);
    const rate = { backend: 'node cpu', msPerLayer: 0.2, flopPerSecond: 3e9 };
    const e = estimateGrid(spec.spec, tasks, images, rate);
    expect(e.tasks).toHaveLength(tasks.length);
    const first = tasks[0];
    if (first === undefined) throw new Error('no task');
    const work = runWork({
      arch: first.arch,
      unitsRemoved: first.unitsRemoved,
      inputSize: spec.spec.inputSize,
      batchSize: spec.spec.batchSize,
      epochs: spec.spec.epochs,
      trainImages: images.train,
      validationImages: images.validation,
    });
    expect(e.tasks[0]?.seconds).toBeCloseTo(estimateSeconds(work, rate), 9);
    expect(e.totalSeconds).toBeCloseTo(
      e.tasks.reduce((a, t) => a + t.seconds, 0),
      9,
    );
    const lines = estimateLines(e);
    expect(lines[0]).toBe(
      "measured on node cpu (0.20 ms per layer + 3.00 GFLOP/s), the model of the Train tab's estimates:",
    );
    expect(lines).toHaveLength(tasks.length + 3);
  });
});
