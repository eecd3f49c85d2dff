import * as tf from '@tensorflow/tfjs';

/**
 * Times batch-1 inference of a model on the active backend.
 * `dataSync`-free: awaiting `data()` makes each run include the GPU readback, which is what a
 * person waiting for a prediction experiences.
 * @param model the model to run
 * @param inputSize square input side
 * @param warmupRuns untimed runs first (shader compilation, WASM memory growth)
 * @param timedRuns timed runs
 * @returns the median and every timed run in milliseconds
 */
export async function timeInference(
  model: tf.LayersModel,
  inputSize: number,
  warmupRuns: number,
  timedRuns: number,
): Promise<{ medianMs: number; runsMs: number[] }> {
  const input = tf.randomNormal([1, inputSize, inputSize, 3], 0, 1, 'float32', 7);
  const runOnce = async (): Promise<number> => {
    const started = performance.now();
    const output = model.predict(input) as tf.Tensor;
    await output.data();
    output.dispose();
    return performance.now() - started;
  };
  try {
    for (let i = 0; i < warmupRuns; i++) await runOnce();
    const runsMs: number[] = [];
    for (let i = 0; i < timedRuns; i++) runsMs.push(await runOnce());
    return { medianMs: medianOf(runsMs), runsMs };
  } finally {
    input.dispose();
  }
}

/**
 * @param values samples (not empty)
 * @returns the median
 */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
