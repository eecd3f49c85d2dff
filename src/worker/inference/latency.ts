import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../zoo/build.ts';
import { compileForward } from '../engine/cpuForward.ts';
import { getArch } from '../../zoo/registry.ts';
import type { BackendName, LatencyRequest, LatencyResult } from '../protocol.ts';

/**
 * Builds the (truncated) model, compiles its inference path (the engine on a CPU backend, else
 * tfjs's fused ops: see engine/cpuForward.ts) and times batch-1 inference.
 * @param request architecture, units removed, classes and run counts
 * @param backend the active backend's name, for the report
 * @returns build time, median and per-run latency in ms, and the built trainable count
 */
export async function measureModelLatency(
  request: LatencyRequest,
  backend: BackendName,
): Promise<LatencyResult> {
  const inputSize = request.inputSize ?? getArch(request.arch).meta.inputSize;
  const started = performance.now();
  const opts = { numClasses: request.numClasses, unitsRemoved: request.unitsRemoved, inputSize };
  const model = buildModel(request.arch, opts);
  const fused = compileForward(model, request.arch, opts);
  const buildMs = performance.now() - started;
  try {
    const predict = (x: tf.Tensor4D): tf.Tensor => fused.predict(x);
    const timing = await timeInference(
      predict,
      inputSize,
      request.warmupRuns ?? 2,
      request.timedRuns ?? 5,
    );
    return {
      arch: request.arch,
      unitsRemoved: request.unitsRemoved,
      inputSize,
      backend,
      runtime: fused.runtime,
      buildMs,
      ...timing,
      trainableParams: countTrainable(model),
    };
  } finally {
    fused.dispose();
    model.dispose();
  }
}

/**
 * @param model a built model
 * @returns the number of trainable scalars (the PyTorch parameter convention)
 */
export function countTrainable(model: tf.LayersModel): number {
  let total = 0;
  for (const w of model.trainableWeights)
    total += w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
  return total;
}

/**
 * Times batch-1 inference on the active backend.
 * `dataSync`-free: awaiting `data()` makes each run include the GPU readback, which is what a
 * person waiting for a prediction experiences.
 * @param predict the forward pass to run
 * @param inputSize square input side
 * @param warmupRuns untimed runs first (shader compilation, WASM memory growth)
 * @param timedRuns timed runs
 * @returns the median and every timed run in milliseconds
 */
export async function timeInference(
  predict: (x: tf.Tensor4D) => tf.Tensor,
  inputSize: number,
  warmupRuns: number,
  timedRuns: number,
): Promise<{ medianMs: number; runsMs: number[] }> {
  const input = tf.randomNormal<tf.Rank.R4>([1, inputSize, inputSize, 3], 0, 1, 'float32', 7);
  const runOnce = async (): Promise<number> => {
    const started = performance.now();
    const output = predict(input);
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
