/**
 * `grid plan`'s time on a measured device: each task's work (the analytic counter's, as the rest
 * of the plan) at a rate measured by the Train tab's probe or by `grid plan --measure`, the same
 * model the Train tab's estimates use (estimate.ts). Kept apart from plan.ts: the plan's own
 * columns stay a pure count, this is the one estimate that rests on a measurement. Pure.
 */
import { aboutDuration, estimateSeconds, runWork, type MeasuredRate } from './estimate.ts';
import { inChannelsOfInit } from './inDomain.ts';
import type { ImageCounts } from './plan.ts';
import type { GridSpec } from './spec.ts';
import type { GridTask } from './tasks.ts';

/** Every task's estimated time at one measured rate. */
export interface GridEstimate {
  readonly rate: MeasuredRate;
  readonly tasks: readonly { readonly index: number; readonly seconds: number }[];
  /** All tasks one after another on one such device. */
  readonly totalSeconds: number;
}

/**
 * @param spec the grid
 * @param tasks its tasks
 * @param images images per task
 * @param rate the measured rate
 * @returns each task's estimated seconds and their sum
 */
export function estimateGrid(
  spec: GridSpec,
  tasks: readonly GridTask[],
  images: ImageCounts,
  rate: MeasuredRate,
): GridEstimate {
  const out = tasks.map((t) => {
    const work = runWork({
      arch: t.arch,
      unitsRemoved: t.unitsRemoved,
      inputSize: spec.inputSize,
      inChannels: inChannelsOfInit(t.init),
      batchSize: spec.batchSize,
      epochs: spec.epochs,
      trainImages: images.train,
      validationImages: images.validation,
    });
    return { index: t.index, seconds: estimateSeconds(work, rate) };
  });
  return { rate, tasks: out, totalSeconds: out.reduce((a, t) => a + t.seconds, 0) };
}

/**
 * @param rate a measured rate
 * @returns e.g. "0.50 ms per layer + 2.30 GFLOP/s"
 */
export function rateWords(rate: MeasuredRate): string {
  const gflops =
    rate.flopPerSecond === null
      ? 'no compute term'
      : `${(rate.flopPerSecond / 1e9).toFixed(2)} GFLOP/s`;
  return `${rate.msPerLayer.toFixed(2)} ms per layer + ${gflops}`;
}

/**
 * @param estimate the grid's estimate
 * @returns the lines `grid plan` prints after its table
 */
export function estimateLines(estimate: GridEstimate): string[] {
  const { rate } = estimate;
  const per = estimate.tasks.map(
    (t) => `${String(t.index).padStart(4)}  ${aboutDuration(t.seconds)}`,
  );
  return [
    `measured on ${rate.backend} (${rateWords(rate)}), the model of the Train tab's estimates:`,
    'task  time on that device',
    ...per,
    `total: ${aboutDuration(estimate.totalSeconds)} for all tasks one after another on that device (data loading and first-step compilation not included).`,
  ];
}
