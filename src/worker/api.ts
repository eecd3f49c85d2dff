/**
 * The worker's API as a plain object: `typeof api` is the contract the client imports (types only).
 * Every method takes and returns structured-cloneable data; tensors never leave this file's world.
 */
import * as tf from '@tensorflow/tfjs';
import { transfer } from 'comlink';
import { activeBackend, chooseBackend } from './backend.ts';
import { loseDevice } from './checkpoint.ts';
import { datasetApi } from './datasetApi.ts';
import { inferenceApi } from './inferenceApi.ts';
import { measureModelLatency } from './latency.ts';
import { exportModel, type LoadFilesResult } from './modelFiles.ts';
import { loadModelFiles } from './modelFilesLoad.ts';
import * as saved from './trainedModels.ts';
import * as training from './training.ts';
import { weightsApi } from './weightsApi.ts';
import type { ModelInfo } from './inferenceProtocol.ts';
import type {
  BackendInfo,
  BackendName,
  BackendPurpose,
  ExportedFile,
  LatencyRequest,
  LatencyResult,
  MemoryInfo,
  ModelFileInput,
  SavedModelInfo,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from './protocol.ts';

export const api = {
  ...inferenceApi,
  ...weightsApi,
  ...datasetApi,
  /**
   * Chooses and checks a backend (see backend.ts).
   * @param purpose 'infer' or 'train'
   * @param preferred a backend to try first
   * @returns the active backend with its adapter and the attempts made
   */
  initBackend(purpose: BackendPurpose, preferred?: BackendName): Promise<BackendInfo> {
    return chooseBackend(purpose, preferred);
  },

  /** @returns the active backend (chosen by `initBackend`, a training run or its fallback) */
  backendInfo(): BackendInfo | null {
    return activeBackend();
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

  /**
   * Trains a model (see training.ts); one run at a time. Chooses a training backend first unless
   * the active one trains (WebGPU → WebGL → CPU, never WASM); the 'start' event carries it. On a
   * lost WebGPU device the run continues on the next backend ('backend-lost' event).
   * @param request architecture, dataset and overrides of the defaults
   * @param onProgress a `Comlink.proxy` callback; events are throttled and never awaited
   * @param weights ImageNet safetensors bytes for a 'imagenet' run (transfer it); without them,
   *   the last ImageNet file loaded with the weights card for this architecture
   * @param backend a backend to try first ('wasm' is passed over, with a note in the attempts)
   * @returns the result as plain data; the model is in the registry under `result.modelId`
   */
  startTraining(
    request: TrainRequest,
    onProgress: (event: TrainProgress) => void,
    weights?: ArrayBuffer,
    backend?: BackendName,
  ): Promise<TrainResult> {
    const opts = {
      ...(weights === undefined ? {} : { weights }),
      ...(backend === undefined ? {} : { backend }),
    };
    return training.runTraining(request, (e) => void onProgress(e), opts);
  },

  /** @returns true when a run was asked to stop (after its current batch) */
  stopTraining(): boolean {
    return training.stopTraining();
  },

  /** @returns true when a run is in progress (it pauses before its next batch) */
  pauseTraining(): boolean {
    return training.pauseTraining();
  },

  /** @returns true when a run is in progress (it sends an 'evaluation' event before its next batch) */
  evaluateTrainingNow(): boolean {
    return training.evaluateTrainingNow();
  },

  /** @returns true when a run is in progress */
  resumeTraining(): boolean {
    return training.resumeTraining();
  },

  /** @returns the last run's result while its model is registered, else null */
  trainedModelInfo(): TrainResult | null {
    return training.trainedModel()?.result ?? null;
  },

  /** Disposes the last run's model (as `disposeModel(result.modelId)`). */
  disposeTrainedModel(): void {
    training.disposeTrainedModel();
  },

  /**
   * Saves a registered model in IndexedDB ('chextransfer-models') under a name.
   * @param modelId registry id, e.g. `TrainResult.modelId`
   * @param name the name (replaces a saved model of that name)
   * @returns the stored record
   */
  saveTrainedModel(modelId: string, name: string): Promise<SavedModelInfo> {
    return saved.saveTrainedModel(modelId, name);
  },

  /** @returns the saved models' records, newest first */
  listSavedModels(): Promise<SavedModelInfo[]> {
    return saved.listSavedModels();
  },

  /**
   * @param name a saved model's name
   * @returns the registered model (id `saved-<name>`, init 'trained')
   */
  loadSavedModel(name: string): Promise<ModelInfo> {
    return saved.loadSavedModel(name);
  },

  /**
   * @param name a saved model's name
   * @returns whether it existed
   */
  deleteSavedModel(name: string): Promise<boolean> {
    return saved.deleteSavedModel(name);
  },

  /**
   * @param modelId registry id
   * @param format 'safetensors' (timm names + `.json` sidecar) or 'tfjs' (model.json + weights.bin)
   * @returns the files, buffers transferred
   */
  async exportTrainedModel(
    modelId: string,
    format: 'safetensors' | 'tfjs',
  ): Promise<{ files: ExportedFile[] }> {
    const files = await exportModel(modelId, format);
    return transfer(
      { files },
      files.map((f) => f.bytes),
    );
  },

  /**
   * Loads exported files back (our safetensors + optional `.json`, or model.json + weights.bin).
   * @param files names and bytes (transfer them)
   * @returns the registered model, or `{ ok: false, message }` with nothing changed
   */
  loadModelFiles(files: readonly ModelFileInput[]): Promise<LoadFilesResult> {
    return loadModelFiles(files);
  },

  /**
   * For tests and benchmarks only: destroys the active WebGPU device (a real device loss), so a
   * running training falls back to the next backend.
   * @returns false when the active backend is not WebGPU
   */
  loseDevice(): Promise<boolean> {
    return Promise.resolve(loseDevice());
  },

  /** @returns what tfjs holds (tensor count and bytes), for leak checks */
  memory(): MemoryInfo {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

export type StudyWorkerApi = typeof api;
