/**
 * A latency entry point for benchmarks that interleave runtimes: the compiled model (the engine
 * or tfjs's fused ops, engine/cpuForward.ts: the path `measureLatency` times) is kept in the worker between calls, so a
 * benchmark can alternate single timed runs with another runtime's (onnxruntime-web) in the
 * same browser, instead of timing one runtime's whole series while the machine's load drifts.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../zoo/build.ts';
import { compileForward, type CpuForward } from '../engine/cpuForward.ts';
import { getArch } from '../../zoo/registry.ts';
import { activeBackend, chooseBackend } from '../backend/backend.ts';
import type { HeldLatencyModel, LatencyRequest } from '../protocol.ts';

interface Held {
  readonly model: tf.LayersModel;
  readonly fused: CpuForward;
  readonly input: tf.Tensor4D;
}

let held: Held | null = null;

async function runOnce(h: Held): Promise<number> {
  const started = performance.now();
  const y = h.fused.predict(h.input);
  await y.data(); // the readback is part of what a person waits for
  y.dispose();
  return performance.now() - started;
}

export const latencyApi = {
  /**
   * Builds and compiles the (truncated) model on the active backend, runs its warm-up runs and
   * keeps it (replacing any model held before).
   * @param request architecture, units removed, classes, input size and warm-up runs
   * @returns what is held: backend, input size, build time, fused op count, warm-up times
   */
  async holdLatencyModel(request: LatencyRequest): Promise<HeldLatencyModel> {
    latencyApi.releaseLatencyModel();
    const backend = activeBackend() ?? (await chooseBackend('infer'));
    const inputSize = request.inputSize ?? getArch(request.arch).meta.inputSize;
    const opts = { numClasses: request.numClasses, unitsRemoved: request.unitsRemoved, inputSize };
    const started = performance.now();
    const model = buildModel(request.arch, opts);
    const fused = compileForward(model, request.arch, opts);
    const buildMs = performance.now() - started;
    const input = tf.randomNormal<tf.Rank.R4>([1, inputSize, inputSize, 3], 0, 1, 'float32', 7);
    held = { model, fused, input };
    const warmupMs: number[] = [];
    for (let i = 0; i < (request.warmupRuns ?? 2); i++) warmupMs.push(await runOnce(held));
    return {
      arch: request.arch,
      backend: backend.name,
      inputSize,
      buildMs,
      warmupMs,
      steps: fused.steps,
      runtime: fused.runtime,
    };
  },

  /**
   * @param runs timed runs of the held model (batch 1, each with its readback)
   * @returns each run's time in ms
   */
  async timeHeldModel(runs: number): Promise<number[]> {
    const h = held;
    if (h === null) throw new Error('No model is held: call holdLatencyModel first.');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await runOnce(h));
    return times;
  },

  /** Frees the held model, if any. */
  releaseLatencyModel(): void {
    if (held === null) return;
    held.fused.dispose();
    held.model.dispose();
    held.input.dispose();
    held = null;
  },
};
