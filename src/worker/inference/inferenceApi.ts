/**
 * The worker API's model-registry and inference methods, spread into `api` (api.ts), so that
 * `typeof api` carries them. Plain data in and out; results' pixel buffers are transferred, not
 * copied, when they go back to the page.
 */
import { transfer } from 'comlink';
import { activeBackend, chooseBackend } from '../backend/backend.ts';
import { predictImages } from './inference.ts';
import { measureModelLatency } from './latency.ts';
import type { LatencyRequest, LatencyResult } from '../protocol.ts';
import type {
  CreateModelRequest,
  FilePrediction,
  InferenceFile,
  InferenceProgress,
  ModelInfo,
  PredictOptions,
} from './inferenceProtocol.ts';
import {
  activeModelId,
  createModel,
  disposeModel,
  listModels,
  onModelsChanged,
} from '../models/models.ts';

let unwatch: (() => void) | null = null;

/** Every pixel buffer of a batch result (thumbnails and saliency maps), each its own buffer. */
function buffersOf(results: readonly FilePrediction[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const r of results) {
    if (r.thumbnail) buffers.push(r.thumbnail.data.buffer as ArrayBuffer);
    for (const p of r.predictions)
      for (const map of p.saliency) buffers.push(map.data.buffer as ArrayBuffer);
  }
  return buffers;
}

export const inferenceApi = {
  /**
   * Builds a randomly initialised (truncated) model and makes it the active one.
   * @param request architecture, units removed, 5 classes, input size, seed, id
   * @returns its registry info (status 'random weights')
   */
  createModel(request: CreateModelRequest): ModelInfo {
    return createModel(request);
  },

  /** @returns every model in the worker's registry */
  listModels(): ModelInfo[] {
    return listModels();
  },

  /**
   * Calls `onChange` whenever a model is registered or disposed (training, weights, checkpoints,
   * saved models), so the page lists them at once; a second call replaces the first listener.
   * @param onChange a `Comlink.proxy` callback (never awaited)
   */
  watchModels(onChange: () => void): void {
    unwatch?.();
    unwatch = onModelsChanged(() => void onChange());
  },

  /** @returns the id of the model registered last, or null */
  activeModelId(): string | null {
    return activeModelId();
  },

  /**
   * @param id registry id
   * @returns whether a model was disposed
   */
  disposeModel(id: string): boolean {
    return disposeModel(id);
  },

  /**
   * Runs 1–3 registered models on dropped files, one file at a time (see inference.ts).
   * @param files names and bytes (transfer the buffers)
   * @param modelIds registered model ids
   * @param opts saliency and thumbnail options
   * @param onProgress a `Comlink.proxy` called after each file
   * @returns one entry per file; pixel buffers are transferred to the caller
   */
  async predictImages(
    files: readonly InferenceFile[],
    modelIds: readonly string[],
    opts: PredictOptions = {},
    onProgress?: (event: InferenceProgress) => void,
  ): Promise<FilePrediction[]> {
    const results = await predictImages(files, modelIds, opts, onProgress);
    return transfer(results, buffersOf(results));
  },

  /**
   * Builds the truncated model and times batch-1 inference: warm-up runs, then the median.
   * @param request architecture, units removed, classes and run counts
   * @returns build time, median and per-run latency in ms, and the built trainable count
   */
  async measureLatency(request: LatencyRequest): Promise<LatencyResult> {
    const backend = activeBackend() ?? (await chooseBackend('infer'));
    return measureModelLatency(request, backend.name);
  },
};
