/**
 * A training session in the worker: resolves the configuration, builds the (truncated) model,
 * optionally loads ImageNet weights, runs the loop and keeps the trained model for inference and
 * saving. One run at a time. Everything returned is plain data.
 *
 * ImageNet weights: the caller passes the safetensors bytes (`weights` argument), or a loader is
 * registered with `setImagenetWeightsLoader` (the weights helper's fetch/cache). Without either,
 * an 'imagenet' run fails with a clear message instead of silently training from scratch.
 *
 * Lost WebGPU device: not handled yet. The run fails with the error; the person can restart on
 * WebGL/CPU. (Planned: per-epoch weight snapshots as typed arrays, then rebuild on the next
 * backend and continue from the last snapshot.)
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetSource, SkipReport } from '../data/batches.ts';
import { buildModel } from '../zoo/build.ts';
import { getArch } from '../zoo/registry.ts';
import { loadWeights } from '../zoo/weights/load.ts';
import { installFastCpuKernels } from './cpuKernels.ts';
import { createControl, type TrainControl } from './trainControl.ts';
import { resolveTrainConfig } from './trainConfig.ts';
import { trainLoop } from './trainLoop.ts';
import { buildSources } from './trainSources.ts';
import type {
  BackendName,
  TrainConfig,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from './protocol.ts';

/** Supplies ImageNet safetensors bytes for an architecture. */
export type WeightsLoader = (arch: string) => Promise<ArrayBuffer>;

let weightsLoader: WeightsLoader | null = null;
let control: TrainControl | null = null;
let trained: { model: tf.LayersModel; config: TrainConfig; result: TrainResult } | null = null;

/**
 * @param loader where 'imagenet' runs get their weights when the caller passes none (null clears)
 */
export function setImagenetWeightsLoader(loader: WeightsLoader | null): void {
  weightsLoader = loader;
}

/** @returns true while a run is in progress */
export function isTraining(): boolean {
  return control !== null;
}

async function prepareModel(config: TrainConfig, weights?: ArrayBuffer): Promise<tf.LayersModel> {
  const opts = { numClasses: 5, unitsRemoved: config.unitsRemoved, inputSize: config.inputSize };
  const model = buildModel(config.arch, { ...opts, seed: config.seed });
  if (config.weights === 'imagenet') {
    const bytes = weights ?? (weightsLoader ? await weightsLoader(config.arch) : null);
    if (bytes === null) {
      model.dispose();
      throw new Error(
        `ImageNet weights for ${config.arch} were not supplied (no loader registered).`,
      );
    }
    try {
      loadWeights(model, config.arch, bytes, {
        numClasses: 5,
        unitsRemoved: config.unitsRemoved,
        strict: false,
      });
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  return model;
}

/**
 * @param model a model
 * @returns trainable scalar count
 */
function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
    0,
  );
}

function uniqueSkips(report: SkipReport): TrainResult['skipped'] {
  const seen = new Map(report.skipped.map((s) => [s.path, s] as const));
  return [...seen.values()];
}

/**
 * Runs a training session to the end (or until stopped).
 * @param request architecture, dataset and any overrides of the defaults
 * @param onProgress progress sink (throttled 'step' events, every 'epoch'); must not block
 * @param weights ImageNet safetensors bytes for a 'imagenet' run (else the registered loader)
 * @returns the run's result; the model stays available through `trainedModel()`
 * @throws Error on a bad configuration, unusable label files or a second concurrent run
 */
export async function runTraining(
  request: TrainRequest,
  onProgress: (event: TrainProgress) => void,
  weights?: ArrayBuffer,
): Promise<TrainResult> {
  if (control !== null) throw new Error('A training run is already in progress.');
  const config = resolveTrainConfig(request);
  if (typeof config === 'string') throw new Error(config);
  const ctl = createControl((paused) => onProgress({ type: paused ? 'paused' : 'resumed' }));
  control = ctl;
  try {
    if (tf.getBackend() === 'cpu') installFastCpuKernels();
    const sources = await buildSources(config.dataset, config.policy);
    if (!sources.ok) throw new Error(sources.message);
    const model = await prepareModel(config, weights);
    return await runWithModel(model, config, sources, ctl, onProgress);
  } finally {
    control = null;
  }
}

async function runWithModel(
  model: tf.LayersModel,
  config: TrainConfig,
  sources: { train: DatasetSource; validation: DatasetSource },
  ctl: TrainControl,
  onProgress: (event: TrainProgress) => void,
): Promise<TrainResult> {
  const started = performance.now();
  const backend = tf.getBackend() as BackendName;
  const params = trainableCount(model);
  const meta = getArch(config.arch).meta;
  const report: SkipReport = { skipped: [] };
  onProgress({
    type: 'start',
    config,
    backend,
    params,
    trainImages: sources.train.length,
    validationImages: sources.validation.length,
  });
  try {
    const batch = {
      batchSize: config.batchSize,
      size: config.inputSize,
      mean: meta.mean,
      std: meta.std,
    };
    const out = await trainLoop({
      model,
      ...sources,
      config,
      batch,
      control: ctl,
      emit: onProgress,
      report,
    });
    const last = out.history.at(-1);
    const result: TrainResult = {
      config,
      perTaskAuc: last?.perTaskAuc ?? [],
      meanAuc: last?.meanAuc ?? null,
      epochsDone: out.history.length,
      history: out.history,
      backend,
      durationMs: performance.now() - started,
      params,
      stopped: out.stopped,
      skipped: uniqueSkips(report),
    };
    disposeTrainedModel();
    trained = { model, config, result };
    onProgress({ type: 'complete', result });
    return result;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Ends the current run after the current batch. @returns true when a run was asked to stop */
export function stopTraining(): boolean {
  control?.stop();
  return control !== null;
}

/** Pauses before the next batch. @returns true when a run is in progress */
export function pauseTraining(): boolean {
  control?.pause();
  return control !== null;
}

/** Resumes a paused run. @returns true when a run is in progress */
export function resumeTraining(): boolean {
  control?.resume();
  return control !== null;
}

/** @returns the last trained model (owned by this module; do not dispose) or null */
export function trainedModel(): {
  model: tf.LayersModel;
  config: TrainConfig;
  result: TrainResult;
} | null {
  return trained;
}

/** Frees the kept model. */
export function disposeTrainedModel(): void {
  trained?.model.dispose();
  trained = null;
}

/**
 * Saves the trained model in the browser's IndexedDB (tfjs `indexeddb://` handler).
 * @param name the key under `indexeddb://`
 * @returns the URL it was saved under
 */
export async function saveTrainedModel(name: string): Promise<string> {
  if (!trained) throw new Error('No trained model to save.');
  const url = `indexeddb://${name}`;
  await trained.model.save(url);
  return url;
}
