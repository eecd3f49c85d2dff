/**
 * Training through the worker: runs and their controls, trained models (save, list, load,
 * export), and the dataset inspector. Split from studyClient.ts, which owns the Worker; every
 * call goes through its `connect()`.
 */
import { proxy, transfer } from 'comlink';
import type { ModelInfo } from '../worker/protocol.ts';
import type {
  BackendName,
  DatasetReport,
  ExportedFile,
  ModelFileInput,
  SavedModelInfo,
  TrainConfig,
  TrainDataset,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from '../worker/protocol.ts';
import {
  abortable,
  connect,
  ensureBackend,
  preferredBackend,
  rememberBackend,
} from './studyClient.ts';

/** Options of `startTraining`. */
export interface StartTrainingOptions {
  /** ImageNet safetensors bytes (transferred: the caller's buffer is emptied); without them an
   * 'imagenet' run uses the last file loaded with the weights card (`imagenetWeightsAvailable`). */
  readonly weights?: ArrayBuffer;
  /** Aborting terminates the worker (the run and every model in it are lost). */
  readonly signal?: AbortSignal;
  /** A backend to try first; WASM never trains (the attempts in 'start' say so). */
  readonly backend?: BackendName;
}

/**
 * Trains in the worker. Cooperative controls: `stopTraining`, `pauseTraining`, `resumeTraining`.
 * The 'start' and 'backend-lost' events refresh the cached backend (`ensureBackend`), since a run
 * may switch it. The trained model is registered under `result.modelId` (listModels, predictImages).
 * @param request architecture, dataset (synthetic or the person's CheXpert/NIH files) and overrides
 * @param onProgress receives throttled progress (at most ~4 step events a second)
 * @param options ImageNet weights, abort signal, preferred backend
 * @returns the result as plain data
 */
export async function startTraining(
  request: TrainRequest,
  onProgress: (event: TrainProgress) => void,
  options: StartTrainingOptions = {},
): Promise<TrainResult> {
  const callback = proxy((event: TrainProgress): void => {
    if (event.type === 'start' || event.type === 'backend-lost') rememberBackend(event.backendInfo);
    onProgress(event);
  });
  const { weights, signal } = options;
  const sent = weights ? transfer(weights, [weights]) : undefined;
  return abortable(signal, () => connect().startTraining(request, callback, sent, options.backend));
}

/** @returns true when a run was asked to stop after its current batch */
export function stopTraining(): Promise<boolean> {
  return connect().stopTraining();
}

/** @returns true when a run is in progress (it pauses before its next batch) */
export function pauseTraining(): Promise<boolean> {
  return connect().pauseTraining();
}

/**
 * Asks the run for a validation pass before its next batch (also while paused); the result comes
 * as an 'evaluation' progress event.
 * @returns true when a run is in progress
 */
export function evaluateTrainingNow(): Promise<boolean> {
  return connect().evaluateTrainingNow();
}

/** @returns true when a run is in progress */
export function resumeTraining(): Promise<boolean> {
  return connect().resumeTraining();
}

/** @returns the last run's result while its model is in the worker, else null */
export function trainedModelInfo(): Promise<TrainResult | null> {
  return connect().trainedModelInfo();
}

/**
 * Saves a worker model in the browser (IndexedDB 'chextransfer-models'): weights + description.
 * @param modelId registry id, e.g. `TrainResult.modelId`
 * @param name name to save under (replaces a saved model of that name)
 * @returns the stored record
 */
export function saveTrainedModel(modelId: string, name: string): Promise<SavedModelInfo> {
  return connect().saveTrainedModel(modelId, name);
}

/** @returns the models saved in this browser, newest first */
export function listSavedModels(): Promise<SavedModelInfo[]> {
  return connect().listSavedModels();
}

/**
 * Loads a saved model into the worker (id `saved-<name>`, status 'trained').
 * @param name its saved name
 * @returns the registered model's info
 */
export async function loadSavedModel(name: string): Promise<ModelInfo> {
  await ensureBackend(preferredBackend());
  return connect().loadSavedModel(name);
}

/**
 * @param name a saved model's name
 * @returns whether it existed (and was deleted)
 */
export function deleteSavedModel(name: string): Promise<boolean> {
  return connect().deleteSavedModel(name);
}

/**
 * A worker model as files to download.
 * @param modelId registry id
 * @param format 'safetensors' (timm names, readable by timm, + a `.json` description) or 'tfjs'
 *   (model.json + weights.bin)
 * @returns names, MIME types and bytes of the files
 */
export function exportTrainedModel(
  modelId: string,
  format: 'safetensors' | 'tfjs',
): Promise<{ files: ExportedFile[] }> {
  return connect().exportTrainedModel(modelId, format);
}

/**
 * Loads exported model files into the worker (buffers transferred: emptied here).
 * @param files `x.safetensors` (+ `x.json`), or `x.model.json` + `x.weights.bin`
 * @returns the registered model, or `{ ok: false, message }` (nothing changed in the worker)
 */
export async function loadModelFiles(
  files: readonly ModelFileInput[],
): Promise<{ ok: true; model: ModelInfo } | { ok: false; message: string }> {
  await ensureBackend(preferredBackend());
  const sent = transfer(files, [...new Set(files.map((f) => f.bytes))]);
  return connect().loadModelFiles(sent);
}

/**
 * For browser tests and benchmarks only: destroys the worker's WebGPU device (a real device loss).
 * @returns false when the worker is not on WebGPU
 */
export function loseDevice(): Promise<boolean> {
  return connect().loseDevice();
}

/**
 * @param arch architecture id
 * @returns whether an 'imagenet' run has weights (the last file loaded with the weights card for
 *   this architecture) and their source, e.g. "timm/resnet18.a1_in1k (46.8 MB)"
 */
export function imagenetWeightsAvailable(
  arch: string,
): Promise<{ available: boolean; source?: string }> {
  return connect().imagenetWeightsAvailable(arch);
}

// --- Training data ------------------------------------------------------------------------------

/**
 * Parses the label files, applies frontal-only/subset/split as a run would, and checks that every
 * selected row's image is among the given files. Runs in the worker (CheXpert's train.csv has
 * 223k rows). The folder's `File`s and a zip `Blob` are cloned by reference, not copied.
 * @param dataset the dataset part of a training request (CSV text, or a folder/zip holding it)
 * @param policy uncertainty policy for CheXpert's −1
 * @returns rows, split, images found/missing and per-task positives, or `{ ok: false, message }`
 */
export function inspectDataset(
  dataset: TrainDataset,
  policy: TrainConfig['policy'],
): Promise<DatasetReport> {
  return connect().inspectDataset(dataset, policy);
}
