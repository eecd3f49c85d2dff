/**
 * A training session in the worker: resolves the configuration, builds the (truncated) model,
 * optionally loads ImageNet weights, runs the loop and registers the trained model in the
 * worker's registry (models.ts) under its own id, so the X-ray panel can predict with it. One
 * run at a time. Everything returned is plain data. The registry owns every trained model; this
 * module only remembers each one's configuration and result, by model id.
 *
 * ImageNet weights: the caller passes the safetensors bytes (`weights`), or a loader is
 * registered with `setImagenetWeightsLoader` (prepareModel.ts; weightsApi.ts registers the last
 * loaded file).
 *
 * Lost WebGPU device: every epoch ends with a checkpoint (weights as typed arrays, history). When
 * a step or an evaluation fails because the device is gone, the model is rebuilt on the next
 * backend, the checkpoint written into it, Adam restarted, and the run continues (fallback.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetSource, SkipReport } from '../../data/batches.ts';
import { buildModel } from '../../zoo/build.ts';
import { getArch } from '../../zoo/registry.ts';
import { modelBnEpsilon } from '../../zoo/weights/load.ts';
import { activeBackend, chooseBackend } from '../backend/backend.ts';
import { snapshot, watchDeviceLoss, type Checkpoint } from './checkpoint.ts';
import { installFastCpuKernels } from '../backend/cpuKernels.ts';
import { loopWithFallback, type FallbackOutput } from './fallback.ts';
import {
  describeModel,
  disposeModel,
  getModel,
  setActiveModel,
  trainableCount,
} from '../models/models.ts';
import { createControl, type TrainControl } from './trainControl.ts';
import { forgetRun, rememberRun, storedConfig, summaryOf } from './runRecords.ts';
import { resolveTrainConfig } from './trainConfig.ts';
import { PROGRESS_INTERVAL_MS } from './trainLoop.ts';
import { buildSources } from '../datasets/trainSources.ts';
import { inChannelsOf, inDomainLabelOf, prepareModel, resumedModel } from './prepareModel.ts';
import type {
  BackendInfo,
  BackendName,
  TrainConfig,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from '../protocol.ts';

export {
  prepareModel,
  setImagenetWeightsLoader,
  setInDomainWeightsLoader,
  type InDomainLoader,
  type WeightsLoader,
} from './prepareModel.ts';

/**
 * TorchXRayVision's input scale as a normalisation of grey in [0, 1]: (g - 0.5) / (1 / 2048) =
 * (2g - 1) * 1024, one channel (src/zoo/chestCatalog.ts XRV_PREPROCESS).
 */
const XRV_NORMALISE = { mean: [0.5], std: [1 / 2048] } as const;

/** Options of `runTraining`. */
export interface RunOptions {
  /** ImageNet safetensors bytes for an 'imagenet' run (else the registered loader). */
  readonly weights?: ArrayBuffer;
  /** A backend to try first; WASM is never used to train (the attempts say so). */
  readonly backend?: BackendName;
  /** Test hook: a fake device loss before this step of the first backend (see trainLoop). */
  readonly faultAtStep?: number;
  /**
   * A checkpoint to continue from (a preempted headless task): its weights replace the initial
   * ones (no ImageNet file is read), its history starts the run's, its Adam state is restored.
   */
  readonly resume?: Checkpoint;
  /** Receives each epoch's checkpoint with Adam's state (see `FallbackInput.onCheckpoint`). */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => Promise<void>;
  /** The run's id (default `run-<time base 36>-<n>`); the grid runner names runs after tasks. */
  readonly runId?: string;
}

let control: TrainControl | null = null;
let runCount = 0;
let last: TrainResult | null = null;

/** @returns true while a run is in progress */
export function isTraining(): boolean {
  return control !== null;
}

/** Chooses a training backend unless the active one already trains (and is the preferred one). */
async function trainBackend(preferred?: BackendName): Promise<BackendInfo> {
  const active = activeBackend();
  const fits = active?.purpose === 'train' && active.name !== 'wasm';
  if (fits && (preferred === undefined || preferred === active.name)) return active;
  return chooseBackend('train', preferred ?? active?.name);
}

/**
 * Runs a training session to the end (or until stopped) and registers the model.
 * @param request architecture, dataset and any overrides of the defaults
 * @param onProgress progress sink (throttled 'step' events, every 'epoch'); must not block
 * @param opts ImageNet bytes, preferred backend, test hook
 * @returns the run's result; the model is in the registry under `result.modelId`
 * @throws Error on a bad configuration, unusable label files or a second concurrent run
 */
export async function runTraining(
  request: TrainRequest,
  onProgress: (event: TrainProgress) => void,
  opts: RunOptions = {},
): Promise<TrainResult> {
  if (control !== null) throw new Error('A training run is already in progress.');
  const config = resolveTrainConfig(request);
  if (typeof config === 'string') throw new Error(config);
  const ctl = createControl((paused) => onProgress({ type: paused ? 'paused' : 'resumed' }));
  control = ctl;
  try {
    const info = await trainBackend(opts.backend);
    if (info.name === 'cpu') installFastCpuKernels();
    watchDeviceLoss();
    const sources = await buildSources(config.dataset, config.policy, {
      inputSize: config.inputSize,
      onProgress: preparingProgress(onProgress),
    });
    if (!sources.ok) throw new Error(sources.message);
    const model = opts.resume
      ? resumedModel(config, opts.resume, opts.weights)
      : await prepareModel(config, opts.weights);
    return await runWithModel(model, { config, sources, ctl, onProgress, info, opts });
  } finally {
    control = null;
  }
}

/**
 * @param onProgress the run's progress sink
 * @returns a preload callback sending at most one 'preparing' event per PROGRESS_INTERVAL_MS
 *   (it is called once per decoded image) and always the last one
 */
function preparingProgress(
  onProgress: (event: TrainProgress) => void,
): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    onProgress({ type: 'preparing', done, total });
  };
}

interface RunContext {
  readonly config: TrainConfig;
  readonly sources: { train: DatasetSource; validation: DatasetSource };
  readonly ctl: TrainControl;
  readonly onProgress: (event: TrainProgress) => void;
  readonly info: BackendInfo;
  readonly opts: RunOptions;
}

function uniqueSkips(report: SkipReport): TrainResult['skipped'] {
  const seen = new Map(report.skipped.map((s) => [s.path, s] as const));
  return [...seen.values()];
}

async function runWithModel(first: tf.LayersModel, run: RunContext): Promise<TrainResult> {
  const { config, sources, onProgress } = run;
  const started = performance.now();
  const runId = run.opts.runId ?? `run-${Date.now().toString(36)}-${++runCount}`;
  const params = trainableCount(first);
  const meta = getArch(config.arch).meta;
  const report: SkipReport = { skipped: [] };
  onProgress({
    type: 'start',
    config,
    backend: run.info.name,
    backendInfo: run.info,
    runId,
    params,
    trainImages: sources.train.length,
    validationImages: sources.validation.length,
  });
  let initial: Checkpoint;
  try {
    initial = run.opts.resume ?? { epoch: 0, weights: await snapshot(first), history: [] };
  } catch (error) {
    first.dispose();
    throw error;
  }
  const { arch, unitsRemoved, inputSize } = config;
  // the rebuilt model must keep the first one's BatchNorm eps (it may be torchvision's)
  const eps = modelBnEpsilon(first);
  const bnEpsilon = eps === null ? {} : { bnEpsilon: eps };
  const inChannels = inChannelsOf(config);
  const norm = inChannels === 1 ? XRV_NORMALISE : { mean: meta.mean, std: meta.std };
  const out = await loopWithFallback(first, initial, {
    ...sources,
    config,
    batch: { batchSize: config.batchSize, size: inputSize, ...norm },
    control: run.ctl,
    emit: onProgress,
    report,
    backend: run.info.name,
    rebuild: () =>
      buildModel(arch, { numClasses: 5, unitsRemoved, inputSize, inChannels, ...bnEpsilon }),
    ...(run.opts.faultAtStep === undefined ? {} : { faultAtStep: run.opts.faultAtStep }),
    ...(run.opts.onCheckpoint === undefined ? {} : { onCheckpoint: run.opts.onCheckpoint }),
  });
  const modelId = out.history.length > 0 ? `${arch}-k${unitsRemoved}-${runId}` : '';
  const result = resultOf(out, { runId, modelId, config, params, started, report });
  if (modelId === '') out.model.dispose();
  else register(out.model, result, sources.train.length);
  onProgress({ type: 'complete', result });
  return result;
}

/** Assembles the result from the loop's output and the run's facts. */
function resultOf(
  out: FallbackOutput,
  run: Pick<TrainResult, 'runId' | 'modelId' | 'config' | 'params'> & {
    readonly started: number;
    readonly report: SkipReport;
  },
): TrainResult {
  const final = out.history.at(-1);
  const initialisedFrom = inDomainLabelOf(run.config);
  return {
    ...(initialisedFrom === undefined ? {} : { initialisedFrom }),
    runId: run.runId,
    modelId: run.modelId,
    config: run.config,
    perTaskAuc: final?.perTaskAuc ?? [],
    meanAuc: final?.meanAuc ?? null,
    epochsDone: out.history.length,
    history: out.history,
    backend: out.backend,
    durationMs: performance.now() - run.started,
    params: run.params,
    stopped: out.stopped,
    skipped: uniqueSkips(run.report),
    backendChanges: out.changes,
  };
}

/** @returns e.g. "synthetic phantoms" or "CheXpert/NIH files" */
function datasetLabel(config: TrainConfig, trainImages: number): string {
  const kind = config.dataset.kind === 'synthetic' ? 'synthetic phantoms' : 'CheXpert/NIH files';
  return `${kind} (${trainImages} images)`;
}

function register(model: tf.LayersModel, result: TrainResult, trainImages: number): void {
  const { config } = result;
  const auc = result.meanAuc === null ? 'no AUC' : `mean AUC ${result.meanAuc.toFixed(3)}`;
  const epochs = `${result.epochsDone} epoch${result.epochsDone === 1 ? '' : 's'}`;
  const from = result.initialisedFrom === undefined ? '' : `, from ${result.initialisedFrom}`;
  const info = describeModel(result.modelId, model, {
    arch: config.arch,
    unitsRemoved: config.unitsRemoved,
    numClasses: 5,
    init: 'trained',
    ...(config.weights === 'in-domain' ? { preprocess: 'xrv' as const } : {}),
    source: `trained in this browser: ${datasetLabel(config, trainImages)}, ${epochs}, ${auc}${from}`,
  });
  setActiveModel(result.modelId, model, info);
  rememberRun(result.modelId, { config: storedConfig(config), result: summaryOf(result) });
  last = result;
}

/** Ends the current run after the current batch. @returns true when a run was asked to stop */
export function stopTraining(): boolean {
  control?.stop();
  return control !== null;
}

/** Evaluates on the validation split before the next batch (also while paused). @returns true when a run is in progress */
export function evaluateTrainingNow(): boolean {
  control?.requestEvaluation();
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

/**
 * @returns the last run's model if it is still registered (owned by the registry; do not
 *   dispose), with its result, or null
 */
export function trainedModel(): { model: tf.LayersModel; result: TrainResult } | null {
  const found = last === null ? undefined : getModel(last.modelId);
  if (last === null || found === undefined) return null;
  return { model: found.model, result: last };
}

/** Disposes the last run's model (through the registry) and forgets it. */
export function disposeTrainedModel(): void {
  if (last !== null) {
    disposeModel(last.modelId);
    forgetRun(last.modelId);
  }
  last = null;
}
