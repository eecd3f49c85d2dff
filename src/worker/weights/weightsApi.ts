/**
 * The worker API's ImageNet weight loading, spread into `api` (api.ts): build the (truncated)
 * model, load a safetensors file strictly into it and register it as 'untrained head' (ImageNet
 * backbone, new head). A wrong or malformed file is refused as data, the model built for it is
 * disposed, and whatever the registry held before is untouched.
 */
import type * as tf from '@tensorflow/tfjs';
import { errorText, isRefusal, toRefusal } from '../../refusal/refusal.ts';
import { buildModel } from '../../zoo/build.ts';
import { CATALOG, isArchId } from '../../zoo/catalog.ts';
import { loadWeights } from '../../zoo/weights/load.ts';
import { bnEpsilonForFile } from '../../zoo/weights/bnEpsilon.ts';
import { WeightsError } from '../../zoo/weights/match.ts';
import { parseSafetensors, type SafetensorsFile } from '../../zoo/weights/safetensors.ts';
import {
  looksLikeTorchCheckpoint,
  readTorchCheckpoint,
} from '../../zoo/weights/torchCheckpoint.ts';
import { describeModel, setActiveModel } from '../models/models.ts';
import { setImagenetWeightsLoader } from '../training/training.ts';
import * as source from './weightsSource.ts';
import type { WeightsProvenance } from '../inference/inferenceProtocol.ts';
import type {
  LoadedWeightsFile,
  LoadReport,
  LoadWeightsRequest,
  LoadWeightsResult,
  WeightsCacheInfo,
  WeightsFailureCode,
  WeightsProgress,
  WeightsSource,
} from './weightsProtocol.ts';

type Failure = Extract<LoadWeightsResult, { ok: false }>;
type Fetched = {
  readonly buffer: ArrayBuffer;
  readonly file: LoadedWeightsFile;
  /** The bytes can be read again from Cache Storage (no copy needs to be kept). */
  readonly cached: boolean;
};

/** Progress events cross to the page: at most one every 100 ms, plus the last one. */
const PROGRESS_INTERVAL_MS = 100;

function fail(code: WeightsFailureCode, sentence: string, detail = ''): Failure {
  return { ok: false, refusal: { code, kind: 'wrong-weights', sentence, detail } };
}

/**
 * @param url a file URL
 * @returns its last path segment, decoded (the URL itself when it has none)
 */
export function fileNameOfUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last === undefined ? url : decodeURIComponent(last);
  } catch {
    return url;
  }
}

function throttled(onProgress: ((e: WeightsProgress) => void) | undefined) {
  if (onProgress === undefined) return undefined;
  let last = -Infinity;
  return (done: number, total: number): void => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS && done !== total) return;
    last = now;
    onProgress({ type: 'download', done, total });
  };
}

async function fetchBytes(
  src: WeightsSource,
  onProgress: ((e: WeightsProgress) => void) | undefined,
): Promise<Fetched | Failure> {
  if (src.kind === 'buffer') {
    const file = { fileName: src.name, bytes: src.buffer.byteLength, fromCache: false };
    return { buffer: src.buffer, file, cached: false };
  }
  try {
    const got = await source.downloadWeights(src.url, throttled(onProgress), src.expectedBytes);
    const file = { url: src.url, fileName: fileNameOfUrl(src.url), bytes: got.bytes };
    return { buffer: got.buffer, file: { ...file, fromCache: got.fromCache }, cached: got.cached };
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError')
      return fail('CANCELLED', 'Download cancelled: nothing was loaded.');
    if (isRefusal(error)) return { ok: false, refusal: toRefusal(error) }; // e.g. too large
    return fail(
      'DOWNLOAD_FAILED',
      'The download failed, so nothing was loaded: check the address and the connection, or choose a file.',
      `${src.url}: ${errorText(error)}`,
    );
  }
}

/** The last ImageNet file loaded strictly per architecture, for 'imagenet' training runs. */
type Remembered = {
  readonly label: string;
  readonly bytes: number;
  /** The URL to re-read from Cache Storage, or the bytes themselves (a dropped file). */
  readonly from: { readonly url: string } | { readonly buffer: ArrayBuffer };
};
const remembered = new Map<string, Remembered>();

/**
 * @param url a weights URL
 * @returns "timm/resnet18.a1_in1k" for a Hugging Face URL, else the file name
 */
export function weightsLabel(url: string): string {
  const hf = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\//.exec(url);
  return hf?.[1] ?? fileNameOfUrl(url);
}

function remember(arch: string, fetched: Fetched): void {
  const { url, fileName } = fetched.file;
  const label = url === undefined ? (fileName ?? 'a local file') : weightsLabel(url);
  const from = url !== undefined && fetched.cached ? { url } : { buffer: fetched.buffer };
  remembered.set(arch, { label, bytes: fetched.buffer.byteLength, from });
}

/**
 * @param arch architecture id
 * @returns the bytes of the last ImageNet file loaded for it (re-read from Cache Storage when it
 *   came from a URL)
 * @throws Error when none was loaded in this worker
 */
export async function rememberedImagenetWeights(arch: string): Promise<ArrayBuffer> {
  const r = remembered.get(arch);
  if (r === undefined)
    throw new Error(
      `ImageNet weights for ${arch} were not loaded: load them with the weights card first.`,
    );
  if ('buffer' in r.from) return r.from.buffer;
  return (await source.downloadWeights(r.from.url)).buffer;
}

setImagenetWeightsLoader(rememberedImagenetWeights);

/**
 * @param arch architecture id
 * @returns whether an 'imagenet' run can get weights, and from where, e.g.
 *   "timm/resnet18.a1_in1k (46.8 MB)"
 */
export function imagenetWeightsAvailable(arch: string): { available: boolean; source?: string } {
  const r = remembered.get(arch);
  if (r === undefined) return { available: false };
  return { available: true, source: `${r.label} (${(r.bytes / 1e6).toFixed(1)} MB)` };
}

/**
 * Turns what parsing, building or loading threw into a refusal: the reader's and the matcher's
 * refusals pass through with their own code, sentence and detail; anything else is a build
 * failure.
 * @param error what was thrown
 * @param arch the architecture asked for
 * @returns the refusal (nothing was loaded)
 */
export function refusalOf(error: unknown, arch: string): Failure {
  if (error instanceof WeightsError)
    return { ok: false, refusal: toRefusal(error), report: error.report };
  if (isRefusal(error)) return { ok: false, refusal: toRefusal(error) };
  return fail(
    'BUILD_FAILED',
    `The ${arch} model could not be built here, so nothing was loaded.`,
    errorText(error),
  );
}

/**
 * @param arch architecture id
 * @param url where the file came from, if downloaded
 * @returns verified only for a download from the catalog's own repository for this architecture:
 *   names and shapes fit any file of the right layout, whatever its values
 */
export function imagenetProvenance(arch: string, url: string | undefined): WeightsProvenance {
  const repo = isArchId(arch) ? CATALOG[arch].weights.hfRepo : null;
  const published = repo === null ? null : `https://huggingface.co/${repo}/resolve/`;
  if (url !== undefined && published !== null && url.startsWith(published))
    return { verified: true, basis: `downloaded from the catalog's repository ${repo}` };
  return {
    verified: false,
    basis:
      'nothing ties its values to a published set of weights (only its tensor names and shapes were checked)',
  };
}

/**
 * One truthful label for the head: a file whose head fits (e.g. a chest model saved by this app)
 * brings its head, and the model is then not "untrained head". Only a catalog download is called
 * ImageNet weights.
 * @param report the load report
 * @param numClasses outputs of the head
 * @param origin URL or file name
 * @param provenance whether the file is the catalog's published one
 * @returns classes, how the model was initialised and where its weights come from
 */
function headOf(
  report: LoadReport,
  numClasses: number,
  origin: string,
  provenance: WeightsProvenance,
) {
  const fresh = report.headReinitialised;
  const head = fresh
    ? `new ${numClasses}-output head`
    : `${numClasses}-output head loaded from the file`;
  const what = fresh && provenance.verified ? 'ImageNet weights' : 'Weights';
  const unverified = provenance.verified ? '' : ', not verified';
  return {
    numClasses,
    init: fresh ? ('imagenet' as const) : ('trained' as const),
    provenance,
    source: `${what} from ${origin} (${report.scheme} names${unverified}); ${head}`,
  };
}

/**
 * A safetensors file, or a PyTorch state dict (a torchvision `.pth` holds ImageNet weights too),
 * told apart by content; a .pt is read with the checkpoint reader's limits, as the X-ray panel
 * and the command line read it, so every refusal is theirs.
 * @param buffer the file
 * @returns its tensors
 */
function weightsFileOf(buffer: ArrayBuffer): SafetensorsFile {
  const bytes = new Uint8Array(buffer);
  return looksLikeTorchCheckpoint(bytes)
    ? readTorchCheckpoint(bytes).file
    : parseSafetensors(bytes);
}

/**
 * Builds the model, loads the file strictly and registers the model; disposes it on refusal.
 * @param request architecture, truncation, classes, source
 * @param onProgress download progress, then 'loading'
 * @returns the registered model and the load report, or a refusal (nothing changed)
 */
export async function loadImagenetWeights(
  request: LoadWeightsRequest,
  onProgress?: (event: WeightsProgress) => void,
): Promise<LoadWeightsResult> {
  const fetched = await fetchBytes(request.source, onProgress);
  if ('ok' in fetched) return fetched;
  onProgress?.({ type: 'loading' });
  const { arch, unitsRemoved, numClasses } = request;
  let model: tf.LayersModel | null = null;
  try {
    const file = weightsFileOf(fetched.buffer);
    const size = request.inputSize === undefined ? {} : { inputSize: request.inputSize };
    // torchvision-named files get torchvision's BatchNorm eps (report.bnEpsilon says which)
    const bnEpsilon = bnEpsilonForFile(arch, file);
    model = buildModel(arch, { numClasses, unitsRemoved, bnEpsilon, ...size });
    const report = loadWeights(model, arch, file, { numClasses, unitsRemoved, strict: true });
    remember(arch, fetched);
    const id = request.id ?? `imagenet-${arch}-k${unitsRemoved}`;
    const origin = fetched.file.url ?? fetched.file.fileName ?? 'a local file';
    const info = describeModel(id, model, {
      arch,
      unitsRemoved,
      ...headOf(report, numClasses, origin, imagenetProvenance(arch, fetched.file.url)),
    });
    return {
      ok: true,
      modelId: id,
      info: setActiveModel(id, model, info),
      report,
      weights: fetched.file,
    };
  } catch (error) {
    model?.dispose();
    return refusalOf(error, arch);
  }
}

export const weightsApi = {
  /**
   * Builds the (truncated) model and loads ImageNet weights into it (see `loadImagenetWeights`).
   * @param request architecture, units removed, 5 classes, a buffer (transfer it) or a URL
   * @param onProgress a `Comlink.proxy` callback (download bytes, then 'loading')
   * @returns the registered model and the report, or `{ ok: false, code, message }`
   */
  loadImagenetWeights(
    request: LoadWeightsRequest,
    onProgress?: (event: WeightsProgress) => void,
  ): Promise<LoadWeightsResult> {
    return loadImagenetWeights(request, onProgress);
  },

  /**
   * @param url file URL
   * @returns its size in bytes (HEAD or a 1-byte range request), or null when the server does not say
   */
  weightsDownloadSize(url: string): Promise<number | null> {
    return source.weightsDownloadSize(url);
  },

  /**
   * @param url the URL being downloaded by `loadImagenetWeights`
   * @returns whether a download was in flight (the load then returns code 'CANCELLED')
   */
  cancelWeightsDownload(url: string): boolean {
    return source.cancelWeightsDownload(url);
  },

  /** @returns the cached weight files and their total size */
  weightsCacheInfo(): Promise<WeightsCacheInfo> {
    return source.weightsCacheInfo();
  },

  /** @returns how many cached weight files were deleted */
  clearWeightsCache(): Promise<number> {
    return source.clearWeightsCache();
  },

  /**
   * @param arch architecture id
   * @returns whether a training run with `weights: 'imagenet'` has weights for it (the last file
   *   loaded with the weights card) and a label of their source
   */
  imagenetWeightsAvailable(arch: string): { available: boolean; source?: string } {
    return imagenetWeightsAvailable(arch);
  },
};
