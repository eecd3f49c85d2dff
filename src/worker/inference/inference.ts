/**
 * X-ray inference in the worker: dropped files → decode → out-of-distribution checks → the eval
 * transform each model expects → logits, sigmoid probabilities and Grad-CAM maps, for one or more
 * registered models side by side.
 *
 * Files are processed one at a time and each decoded image is released before the next is read,
 * so a batch of 50 holds at most one file's full-resolution buffers (the decoded samples and their
 * grey float copy). `fullResolutionGauge` counts them, for the leak test and the benchmark.
 * A file that fails yields an error entry and the batch goes on. No network: the bytes arrive
 * from the page.
 */
import * as tf from '@tensorflow/tfjs';
import { errorText, isRefusal, toRefusal } from '../../refusal/refusal.ts';
import {
  checkOutOfDistribution,
  decodeImage,
  thumbnail,
  toGreyFloat,
  toModelInput,
} from '../../imaging/index.ts';
import type { DecodedImage, GreyImage, ModelInputSpec } from '../../imaging/index.ts';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import { getArch } from '../../zoo/registry.ts';
import { analyseHead, channelWeights, gradCamLabel, gradCamMaps } from './gradcam.ts';
import type { CamHead } from './gradcam.ts';
import type {
  CropBox,
  FilePrediction,
  ImageSummary,
  InferenceFile,
  InferenceProgress,
  ModelInfo,
  ModelPrediction,
  PredictOptions,
  SaliencyMap,
} from './inferenceProtocol.ts';
import { camViewOf, requireModel } from '../models/models.ts';

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
  readonly spec: ModelInputSpec;
  readonly head: CamHead | null;
}

/**
 * The eval transform of a model: the catalog's, with the resize scaled when the model was built
 * at another input size (timm keeps crop_pct = inputSize / resizeSize fixed, e.g. 224/256).
 * @param info a registered model
 * @returns its input spec
 */
export function inputSpecOf(info: ModelInfo): ModelInputSpec {
  const meta = getArch(info.arch).meta;
  const resizeSize =
    info.inputSize === meta.inputSize
      ? meta.resizeSize
      : Math.floor((info.inputSize * meta.resizeSize) / meta.inputSize);
  return {
    inputSize: info.inputSize,
    resizeSize,
    interpolation: meta.interpolation,
    mean: meta.mean,
    std: meta.std,
  };
}

/** Python's round() (halves to even), as torchvision's CenterCrop offsets and centerCrop use. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Where the model's centre crop lies in the source image (same arithmetic as resizeShorterSide
 * and centerCrop, mapped back by the resize scale).
 * @param width source width
 * @param height source height
 * @param spec the model's input spec
 * @returns the crop in source pixels
 */
export function cropBoxOf(width: number, height: number, spec: ModelInputSpec): CropBox {
  const short = Math.min(width, height);
  const long = Math.floor((spec.resizeSize * Math.max(width, height)) / short);
  const [rw, rh] = width <= height ? [spec.resizeSize, long] : [long, spec.resizeSize];
  const scale = short / spec.resizeSize;
  const side = Math.round(spec.inputSize * scale);
  return {
    x: Math.round(roundHalfEven((rw - spec.inputSize) / 2) * scale),
    y: Math.round(roundHalfEven((rh - spec.inputSize) / 2) * scale),
    width: side,
    height: side,
  };
}

/** Numerically stable logistic function. */
function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function runnerFor(id: string, saliency: boolean): Runner {
  const { model, info } = requireModel(id);
  if (info.numClasses !== CHEXPERT_TASKS.length) {
    throw new Error(`model ${id} has ${info.numClasses} outputs; inference needs the 5 tasks`);
  }
  const spec = inputSpecOf(info);
  return { info, model, spec, head: saliency ? analyseHead(model, info.camLayer) : null };
}

function summarise(image: DecodedImage): ImageSummary {
  const { source } = image;
  return {
    width: image.width,
    height: image.height,
    bitsStored: image.bitsStored,
    photometric: image.photometric,
    format: source.format,
    ...(source.transferSyntax === undefined
      ? {}
      : { transferSyntax: `${source.transferSyntax.name} (${source.transferSyntax.uid})` }),
    ...(source.modality === undefined ? {} : { modality: source.modality }),
    notes: [...image.notes],
    identifyingTags: source.identifying.map((t) => ({ ...t })),
  };
}

/** [K, side, side] maps → one SaliencyMap per task, each with its own buffer (transferable). */
function splitMaps(maps: Float32Array, side: number, method: string): SaliencyMap[] {
  const n = side * side;
  return CHEXPERT_TASKS.map((task, k) => ({
    task,
    width: side,
    height: side,
    data: maps.slice(k * n, (k + 1) * n),
    method,
  }));
}

/** Forward pass (and Grad-CAM) of one model on one preprocessed input; all tensors freed. */
function runModel(
  runner: Runner,
  input: Float32Array,
  crop: CropBox,
  size: number | undefined,
): ModelPrediction {
  const { info, spec, head } = runner;
  const side = size ?? spec.inputSize;
  const tensors = tf.tidy((): tf.Tensor[] => {
    const x = tf.tensor4d(input, [1, spec.inputSize, spec.inputSize, 3]);
    if (head === null) return [runner.model.predict(x) as tf.Tensor];
    const [features, logits] = camViewOf(info.id).predict(x) as [tf.Tensor4D, tf.Tensor];
    return [logits, gradCamMaps(features, channelWeights(head, features), side)];
  });
  let logits: number[];
  let maps: Float32Array | null;
  try {
    logits = Array.from(tensors[0]?.dataSync() ?? []);
    maps = tensors[1] === undefined ? null : (tensors[1].dataSync() as Float32Array);
  } finally {
    tf.dispose(tensors);
  }
  const saliency = maps === null ? [] : splitMaps(maps, side, gradCamLabel(info.camLayer));
  return {
    modelId: info.id,
    status: info.status,
    probabilities: logits.map(sigmoid),
    logits,
    crop,
    saliency,
  };
}

/** Every model on one grey image; inputs shared by models with the same eval transform. */
function predictAll(
  grey: GreyImage,
  size: { width: number; height: number },
  runners: readonly Runner[],
  opts: PredictOptions,
): ModelPrediction[] {
  const inputs = new Map<string, Float32Array>();
  return runners.map((runner) => {
    const key = JSON.stringify(runner.spec);
    let input = inputs.get(key);
    if (input === undefined) {
      input = toModelInput(grey, runner.spec).data;
      inputs.set(key, input);
    }
    const crop = cropBoxOf(size.width, size.height, runner.spec);
    return runModel(runner, input, crop, opts.saliencySize);
  });
}

/** A failed file: the decoder's refusal as plain data, or 'processing-failed' for anything else. */
function errorEntry(name: string, err: unknown): FilePrediction {
  const error = isRefusal(err)
    ? toRefusal(err)
    : {
        code: 'processing-failed',
        kind: 'bad-input' as const,
        sentence: 'This file could not be processed; the other files are not affected.',
        detail: errorText(err),
      };
  return { name, status: 'error', error, predictions: [] };
}

async function predictFile(
  file: InferenceFile,
  runners: readonly Runner[],
  opts: PredictOptions,
): Promise<FilePrediction> {
  let image: DecodedImage | null = await decodeImage(new Uint8Array(file.bytes));
  fullResolutionGauge.hold();
  let grey: GreyImage | null = null;
  try {
    grey = toGreyFloat(image);
    fullResolutionGauge.hold();
    const ood = checkOutOfDistribution(image, grey);
    const summary = summarise(image);
    image = null; // the decoded samples are no longer needed: let them go before the models run
    fullResolutionGauge.release();
    const small = thumbnail(grey, opts.thumbnailSize ?? 256);
    const predictions = predictAll(grey, summary, runners, opts);
    return {
      name: file.name,
      status: 'ok',
      ood: { flagged: ood.flagged, reasons: ood.reasons.map((r) => ({ ...r })) },
      image: summary,
      thumbnail: { ...small, channels: 1 },
      predictions,
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
  const runners = modelIds.map((id) => runnerFor(id, opts.saliency ?? true));
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
