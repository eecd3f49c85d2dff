/**
 * The worker's API as a plain object: `typeof api` is the contract the client imports (types only).
 * Every method takes and returns structured-cloneable data; tensors never leave this file's world.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from './backend.ts';
import { inferenceApi } from './inferenceApi.ts';
import { measureModelLatency } from './latency.ts';
import * as training from './training.ts';
import { weightsApi } from './weightsApi.ts';
import type {
  BackendInfo,
  BackendName,
  BackendPurpose,
  LatencyRequest,
  LatencyResult,
  MemoryInfo,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from './protocol.ts';

let active: BackendInfo | null = null;

export const api = {
  ...inferenceApi,
  ...weightsApi,
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
    return measureModelLatency(request, backend.name);
  },

  /**
   * Trains a model (see training.ts); one run at a time. Chooses a training backend first if
   * none is active (WebGPU → WebGL → CPU, never WASM).
   * @param request architecture, dataset and overrides of the defaults
   * @param onProgress a `Comlink.proxy` callback; events are throttled and never awaited
   * @param weights ImageNet safetensors bytes for a 'imagenet' run (transfer it)
   * @returns the result as plain data; the model stays in the worker
   */
  async startTraining(
    request: TrainRequest,
    onProgress: (event: TrainProgress) => void,
    weights?: ArrayBuffer,
  ): Promise<TrainResult> {
    if (active?.purpose !== 'train' || active.name === 'wasm')
      active = await chooseBackend('train', active?.name);
    return training.runTraining(request, (e) => void onProgress(e), weights);
  },

  /** @returns true when a run was asked to stop (after its current batch) */
  stopTraining(): boolean {
    return training.stopTraining();
  },

  /** @returns true when a run is in progress (it pauses before its next batch) */
  pauseTraining(): boolean {
    return training.pauseTraining();
  },

  /** @returns true when a run is in progress */
  resumeTraining(): boolean {
    return training.resumeTraining();
  },

  /** @returns the last run's result, or null when nothing was trained (or it was discarded) */
  trainedModelInfo(): TrainResult | null {
    return training.trainedModel()?.result ?? null;
  },

  /**
   * @param name key under `indexeddb://` (browser only)
   * @returns the URL the model was saved under
   */
  saveTrainedModel(name: string): Promise<string> {
    return training.saveTrainedModel(name);
  },

  /** Frees the trained model kept in the worker. */
  disposeTrainedModel(): void {
    training.disposeTrainedModel();
  },

  /** @returns what tfjs holds (tensor count and bytes), for leak checks */
  memory(): MemoryInfo {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

export type StudyWorkerApi = typeof api;
