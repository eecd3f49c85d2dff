/**
 * The worker's API as a plain object: `typeof api` is the contract the client imports (types only).
 * Every method takes and returns structured-cloneable data; tensors never leave this file's world.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../zoo/build.ts';
import { getArch } from '../zoo/registry.ts';
import { chooseBackend } from './backend.ts';
import { timeInference } from './latency.ts';
import type {
  BackendInfo,
  BackendName,
  BackendPurpose,
  LatencyRequest,
  LatencyResult,
  MemoryInfo,
} from './protocol.ts';

let active: BackendInfo | null = null;

export const api = {
  /**
   * Chooses and checks a backend (see backend.ts).
   * @param purpose 'infer' or 'train'
   * @param preferred a backend to try first
   * @returns the active backend with its adapter and the attempts made
   */
  async initBackend(purpose: BackendPurpose, preferred?: BackendName): Promise<BackendInfo> {
    active = await chooseBackend(purpose, preferred);
    return active;
  },

  /** @returns the active backend, or null before `initBackend` */
  backendInfo(): BackendInfo | null {
    return active;
  },

  /**
   * Builds the truncated model and times batch-1 inference: warm-up runs, then the median.
   * @param request architecture, units removed, classes and run counts
   * @returns build time, median and per-run latency in ms, and the built trainable count
   */
  async measureLatency(request: LatencyRequest): Promise<LatencyResult> {
    const backend = (active ??= await chooseBackend('infer'));
    const inputSize = request.inputSize ?? getArch(request.arch).meta.inputSize;
    const started = performance.now();
    const model = buildModel(request.arch, {
      numClasses: request.numClasses,
      unitsRemoved: request.unitsRemoved,
      inputSize,
    });
    const buildMs = performance.now() - started;
    try {
      const timing = await timeInference(
        model,
        inputSize,
        request.warmupRuns ?? 2,
        request.timedRuns ?? 5,
      );
      const trainableParams = countTrainable(model);
      return {
        arch: request.arch,
        unitsRemoved: request.unitsRemoved,
        inputSize,
        backend: backend.name,
        buildMs,
        ...timing,
        trainableParams,
      };
    } finally {
      model.dispose();
    }
  },

  /** @returns what tfjs holds (tensor count and bytes), for leak checks */
  memory(): MemoryInfo {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

export type StudyWorkerApi = typeof api;

/**
 * @param model a built model
 * @returns the number of trainable scalars (the PyTorch parameter convention)
 */
export function countTrainable(model: tf.LayersModel): number {
  let total = 0;
  for (const weight of model.trainableWeights)
    total += weight.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
  return total;
}
