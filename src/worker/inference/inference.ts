/**
 * X-ray inference in the worker: dropped files → decode → out-of-distribution checks → the eval
 * transform each model expects → logits, sigmoid probabilities and Grad-CAM maps, for one or more
 * registered models side by side.
 *
 * Models run on the compiled inference path (the engine on a CPU backend, else tfjs's fused ops:
 * engine/cpuForward.ts; Grad-CAM included: it returns the last kept unit's features with the
 * logits, and the channel weights stay analytic, gradcam.ts); `path: 'layers'` runs the tf.LayersModel instead,
 * to measure one against the other. Models that start from TorchXRayVision's take its
 * preprocessing (1 channel, [-1024, 1024], centre square, scikit-image resize) instead of timm's.
 * Outputs are every output the model has, with its labels; TorchXRayVision's calibrated values
 * (`op_norm`) come alongside when the model has published operating points.
 *
 * Files are processed one at a time and each decoded image is released before the next is read,
 * so a batch of 50 holds at most one file's full-resolution buffers (the decoded samples and their
 * grey float copy). `fullResolutionGauge` counts them, for the leak test and the benchmark.
 * A file that fails yields an error entry and the batch goes on. No network: the bytes arrive
 * from the page.
 */
import * as tf from '@tensorflow/tfjs';
import {
  checkOutOfDistribution,
  decodeImage,
  thumbnail,
  toGreyFloat,
  toModelInput,
} from '../../imaging/index.ts';
import type { DecodedImage, GreyImage, ModelInputSpec } from '../../imaging/index.ts';
import { toXrvInput } from '../../imaging/xrvPreprocess.ts';
import type { CpuForward } from '../engine/cpuForward.ts';
import { analyseHead, channelWeights, gradCamLabel, gradCamMaps } from './gradcam.ts';
import type { CamHead } from './gradcam.ts';
import type {
  CropBox,
  FilePrediction,
  InferenceFile,
  InferenceProgress,
  ModelInfo,
  ModelPrediction,
  PredictOptions,
} from './inferenceProtocol.ts';
import { camViewOf, fusedOf, requireModel } from '../models/models.ts';
import { cropBoxOf, inputSpecOf, opNorm } from './modelInputs.ts';
import { errorEntry, sigmoid, splitMaps, summarise } from './results.ts';

export { cropBoxOf, inputSpecOf, opNorm };

/** Counts full-resolution images (decoded samples or grey floats) the pipeline holds right now. */
export const fullResolutionGauge = {
  live: 0,
  peak: 0,
  /** Starts a new measurement. */
  reset(): void {
    this.live = 0;
    this.peak = 0;
  },
  /** Records one more image held. */
  hold(): void {
    this.live += 1;
    this.peak = Math.max(this.peak, this.live);
  },
  /** Records one image released. */
  release(): void {
    this.live -= 1;
  },
};

/** A model as one batch uses it. */
interface Runner {
  readonly info: ModelInfo;
  readonly model: tf.LayersModel;
  /** The compiled path, or null to run the LayersModel (`path: 'layers'`). */
  readonly fused: CpuForward | null;
  readonly spec: ModelInputSpec;
  readonly head: CamHead | null;
}

/** One model input, prepared once per image and eval transform. */
interface Prepared {
  readonly data: Float32Array;
  readonly crop: CropBox;
}

function runnerFor(id: string, opts: PredictOptions): Runner {
  const { model, info } = requireModel(id);
  const spec = inputSpecOf(info);
  const head = (opts.saliency ?? true) ? analyseHead(model, info.camLayer) : null;
  const fused = opts.path === 'layers' ? null : fusedOf(id);
  return { info, model, fused, spec, head };
}

/** Logits [and features] of one input on the runner's path. */
function forward(runner: Runner, x: tf.Tensor4D): [tf.Tensor, tf.Tensor4D | null] {
  const { fused, head, info } = runner;
  if (head === null)
    return [fused ? fused.predict(x) : (runner.model.predict(x) as tf.Tensor), null];
  if (fused) {
    const [features, logits] = fused.predictWithFeatures(x);
    return [logits, features];
  }
  const [features, logits] = camViewOf(info.id).predict(x) as [tf.Tensor4D, tf.Tensor];
  return [logits, features];
}

/** Backends whose ops return before the work is done (it is queued on the GPU). */
const QUEUED_BACKENDS = new Set(['webgpu', 'webgl']);

/** The forward pass and Grad-CAM maps of one input, timed (tensors: caller disposes). */
function timedForward(runner: Runner, input: Prepared, side: number) {
  const { info, spec, head } = runner;
  const t0 = performance.now();
  let t1 = t0;
  const tensors = tf.tidy((): tf.Tensor[] => {
    const x = tf.tensor4d(input.data, [1, spec.inputSize, spec.inputSize, info.inChannels]);
    const [logits, features] = forward(runner, x);
    t1 = performance.now();
    if (head === null || features === null) return [logits];
    return [logits, gradCamMaps(features, channelWeights(head, features), side)];
  });
  const saliencyMs = head === null ? 0 : performance.now() - t1;
  return { tensors, forwardMs: t1 - t0, saliencyMs };
}

/**
 * Forward pass (and Grad-CAM) of one model on one preprocessed input; all tensors freed. Values
 * are read with awaited `data()`, never `dataSync()`, which on WebGPU blocks and once returned
 * zeros.
 */
async function runModel(
  runner: Runner,
  input: Prepared,
  size: number | undefined,
): Promise<ModelPrediction> {
  const { info } = runner;
  const side = size ?? runner.spec.inputSize;
  const { tensors, forwardMs, saliencyMs } = timedForward(runner, input, side);
  const t2 = performance.now();
  let logits: number[];
  let maps: Float32Array | null;
  try {
    logits = Array.from((await tensors[0]?.data()) ?? []);
    maps = tensors[1] === undefined ? null : ((await tensors[1].data()) as Float32Array);
  } finally {
    tf.dispose(tensors);
  }
  const queued = QUEUED_BACKENDS.has(tf.getBackend());
  const timing = { queued, forwardMs, saliencyMs, readMs: performance.now() - t2 };
  const method = gradCamLabel(info.camLayer);
  const probabilities = logits.map(sigmoid);
  const thresholds = info.opThreshs;
  return {
    modelId: info.id,
    status: info.status,
    outputs: info.outputs,
    probabilities,
    logits,
    ...(thresholds
      ? { calibrated: probabilities.map((p, k) => opNorm(p, thresholds[k] ?? null)) }
      : {}),
    crop: input.crop,
    saliency: maps === null ? [] : splitMaps(maps, side, method, info.outputs),
    timing,
  };
}

const transformKey = (r: Runner): string =>
  r.info.preprocess === 'xrv' ? `xrv@${r.info.inputSize}` : JSON.stringify(r.spec);

/** TorchXRayVision inputs are made from the decoded samples, before they are released. */
function xrvInputs(image: DecodedImage, runners: readonly Runner[]): Map<string, Prepared> {
  const out = new Map<string, Prepared>();
  for (const r of runners) {
    const key = transformKey(r);
    if (r.info.preprocess !== 'xrv' || out.has(key)) continue;
    const { input, crop } = toXrvInput(image, r.info.inputSize);
    out.set(key, { data: input.data, crop });
  }
  return out;
}

/** Every model's input for one image, each eval transform once (TorchXRayVision's already in). */
function prepareInputs(
  grey: GreyImage,
  size: { width: number; height: number },
  runners: readonly Runner[],
  inputs: Map<string, Prepared>,
): Map<string, Prepared> {
  for (const runner of runners) {
    const key = transformKey(runner);
    if (inputs.has(key)) continue;
    const crop = cropBoxOf(size.width, size.height, runner.spec);
    inputs.set(key, { data: toModelInput(grey, runner.spec).data, crop });
  }
  return inputs;
}

/** Every model on one image, one after the other. */
async function predictAll(
  runners: readonly Runner[],
  opts: PredictOptions,
  inputs: ReadonlyMap<string, Prepared>,
): Promise<ModelPrediction[]> {
  const out: ModelPrediction[] = [];
  for (const runner of runners) {
    const input = inputs.get(transformKey(runner));
    if (input === undefined) throw new Error(`no input prepared for ${runner.info.id}`);
    out.push(await runModel(runner, input, opts.saliencySize));
  }
  return out;
}

async function predictFile(
  file: InferenceFile,
  runners: readonly Runner[],
  opts: PredictOptions,
): Promise<FilePrediction> {
  const t0 = performance.now();
  let image: DecodedImage | null = await decodeImage(new Uint8Array(file.bytes));
  fullResolutionGauge.hold();
  let grey: GreyImage | null = null;
  try {
    grey = toGreyFloat(image);
    fullResolutionGauge.hold();
    const ood = checkOutOfDistribution(image, grey);
    const summary = summarise(image);
    const t1 = performance.now();
    const xrv = xrvInputs(image, runners);
    image = null; // the decoded samples are no longer needed: let them go before the models run
    fullResolutionGauge.release();
    const inputs = prepareInputs(grey, summary, runners, xrv);
    const small = thumbnail(grey, opts.thumbnailSize ?? 256);
    const t2 = performance.now();
    const predictions = await predictAll(runners, opts, inputs);
    const timing = { decodeMs: t1 - t0, prepareMs: t2 - t1, modelsMs: performance.now() - t2 };
    return {
      name: file.name,
      status: 'ok',
      ood: { flagged: ood.flagged, reasons: ood.reasons.map((r) => ({ ...r })) },
      image: summary,
      thumbnail: { ...small, channels: 1 },
      predictions,
      timing,
    };
  } finally {
    if (image !== null) fullResolutionGauge.release();
    if (grey !== null) fullResolutionGauge.release();
  }
}

/**
 * Runs registered models on dropped files, one file at a time.
 * @param files names and bytes (the page transfers the buffers)
 * @param modelIds registered model ids (1–3 for a side-by-side view); all checked before any file
 * @param opts saliency on/off and size, thumbnail size
 * @param onProgress called after each file with its index and status
 * @returns one entry per file, in input order
 */
export async function predictImages(
  files: readonly InferenceFile[],
  modelIds: readonly string[],
  opts: PredictOptions = {},
  onProgress?: (event: InferenceProgress) => void,
): Promise<FilePrediction[]> {
  if (modelIds.length === 0) throw new Error('predictImages: no model ids');
  for (const key of ['saliencySize', 'thumbnailSize'] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 2048)) {
      throw new RangeError(`predictImages: ${key} must be an integer in [1, 2048], got ${v}`);
    }
  }
  const runners = modelIds.map((id) => runnerFor(id, opts));
  const results: FilePrediction[] = [];
  for (const [index, file] of files.entries()) {
    let result: FilePrediction;
    try {
      result = await predictFile(file, runners, opts);
    } catch (err) {
      result = errorEntry(file.name, err);
    }
    results.push(result);
    onProgress?.({
      type: 'file',
      index,
      total: files.length,
      name: file.name,
      status: result.status,
    });
  }
  return results;
}
