/**
 * The worker API's PyTorch checkpoint loading, spread into `api` (api.ts): a dropped `.pt`/`.pth`
 * file or a catalog URL (downloaded and cached) becomes a registered model, the network detected
 * from the file's tensors. TorchXRayVision's published models get their labels, operating points
 * and preprocessing from the chest catalog and are registered as trained on chest X-rays. The
 * last chest-X-ray checkpoint of each architecture is remembered for in-domain training runs.
 * A refused file is data holding the reader's or the loader's refusal (code, sentence, detail);
 * the registry is untouched.
 */
import { errorText, isRefusal, toRefusal } from '../../refusal/refusal.ts';
import { chestModel, chestModelLabel, type ChestModelMeta } from '../../zoo/chestCatalog.ts';
import { modelFromCheckpoint } from '../../zoo/weights/loadCheckpoint.ts';
import type { CheckpointModel } from '../../zoo/weights/loadCheckpoint.ts';
import { describeModel, getModel, setActiveModel, type ModelOrigin } from '../models/models.ts';
import {
  inDomainWeightsAvailable,
  rememberChestCheckpoint,
  rememberedChestBytes,
} from './chestMemory.ts';
import { chestProvenance, type ChestProvenance } from './provenance.ts';
import * as source from './weightsSource.ts';
import type {
  CheckpointFailureCode,
  CheckpointSummary,
  LoadCheckpointRequest,
  LoadCheckpointResult,
} from './checkpointProtocol.ts';
import type { ModelInfo, WeightsProgress } from '../protocol.ts';

type Failure = Extract<LoadCheckpointResult, { ok: false }>;

function fail(code: CheckpointFailureCode, sentence: string, detail = ''): Failure {
  return { ok: false, refusal: { code, kind: 'wrong-weights', sentence, detail } };
}

/**
 * Turns what reading, detecting or loading threw into a refusal: the reader's and the loader's
 * refusals pass through with their own code, sentence and detail; anything else is a build
 * failure.
 * @param error what was thrown
 * @returns the refusal people see (nothing was loaded)
 */
export function checkpointRefusal(error: unknown): Failure {
  if (isRefusal(error)) return { ok: false, refusal: toRefusal(error) };
  return fail(
    'BUILD_FAILED',
    'The model could not be built from this checkpoint, so nothing was loaded.',
    errorText(error),
  );
}

/** Display names of the architectures TorchXRayVision publishes. */
const XRV_NETWORK: Readonly<Record<string, string>> = {
  densenet121: 'DenseNet-121',
  resnet50: 'ResNet-50',
};

/**
 * @param arch the detected network
 * @param chestLabel the weight set's label, when the file identified one
 * @param provenance whether the weights are tied to a published source
 * @returns "Trained on chest X-rays (TorchXRayVision …)" only for verified weights; otherwise
 *   "DenseNet-121 in TorchXRayVision's layout: weights not verified (…)"
 */
export function chestSourceLabel(
  arch: string,
  chestLabel: string,
  provenance: ChestProvenance,
): string {
  if (provenance.verified) return `Trained on chest X-rays (${chestLabel})`;
  return `${XRV_NETWORK[arch] ?? arch} in TorchXRayVision's layout: weights not verified (${chestLabel})`;
}

/** What `describeModel` needs for a loaded checkpoint. */
function originOf(
  loaded: CheckpointModel,
  fileName: string,
  provenance: ChestProvenance,
): ModelOrigin {
  const { detected, chest, unitsRemoved, numClasses, headLoaded } = loaded;
  const base = { arch: detected.arch, unitsRemoved, numClasses, provenance };
  const grey = detected.inChannels === 1 ? { preprocess: 'xrv' as const } : {};
  if (chest === null && loaded.candidates.length === 0)
    return {
      ...base,
      ...grey,
      init: 'trained',
      source: `PyTorch checkpoint ${fileName} (${detected.arch}, ${loaded.checkpoint.format} ${loaded.checkpoint.content})`,
    };
  const named =
    chest === null
      ? `TorchXRayVision ${detected.arch}, weight set not identified`
      : chestModelLabel(chest);
  const label = provenance.verified ? named : `named as ${named}`;
  const published = chest === null ? {} : { chestModel: chest.id };
  if (headLoaded)
    return {
      ...base,
      ...published,
      preprocess: 'xrv',
      init: 'chest-xray',
      source: chestSourceLabel(detected.arch, label, provenance),
      outputs: chest?.outputs.value ?? loaded.candidates[0]?.outputs.value ?? [],
      ...(chest === null ? {} : { opThreshs: chest.opThreshs.value }),
    };
  const unverified = provenance.verified ? '' : ', weights not verified';
  return {
    ...base,
    ...published,
    preprocess: 'xrv',
    init: 'in-domain',
    source: `chest-X-ray backbone (${named}${unverified})${unitsRemoved > 0 ? `, ${unitsRemoved} units removed` : ''}; new ${numClasses}-output head`,
  };
}

function summaryOf(loaded: CheckpointModel): CheckpointSummary {
  const dtypes: Record<string, number> = {};
  for (const d of loaded.checkpoint.dtypes.values()) dtypes[d] = (dtypes[d] ?? 0) + 1;
  const { format, content, moduleClass, container, fileBytes, notes } = loaded.checkpoint;
  const { arch, inChannels, numClasses } = loaded.detected;
  return {
    format,
    content,
    moduleClass,
    container,
    fileBytes,
    arch,
    inChannels,
    numClasses,
    dtypes,
    notes,
  };
}

async function bytesOf(
  request: LoadCheckpointRequest,
  onProgress?: (e: WeightsProgress) => void,
): Promise<{ buffer: ArrayBuffer; fromCache: boolean; name: string } | Failure> {
  const src = request.source;
  if (src.kind === 'buffer') return { buffer: src.buffer, fromCache: false, name: src.name };
  const name = request.fileName ?? src.url.slice(src.url.lastIndexOf('/') + 1);
  try {
    const progress =
      onProgress &&
      ((done: number, total: number) => onProgress({ type: 'download', done, total }));
    const got = await source.downloadWeights(src.url, progress, src.expectedBytes);
    return { buffer: got.buffer, fromCache: got.fromCache, name };
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError')
      return fail('CANCELLED', 'Download cancelled: nothing was loaded.');
    if (isRefusal(error)) return { ok: false, refusal: toRefusal(error) }; // e.g. too large
    // fetch rejects with a TypeError, and no status, when CORS (or the network) refuses
    if (error instanceof TypeError)
      return fail(
        'DOWNLOAD_BLOCKED',
        `${new URL(src.url).host} does not let this page download the file (no cross-origin access), or you are offline: download it from the link yourself and drop it here.`,
        errorText(error),
      );
    return fail(
      'DOWNLOAD_FAILED',
      'The download failed, so nothing was loaded; try again.',
      errorText(error),
    );
  }
}

/** Remembers a chest-X-ray checkpoint for in-domain runs and the Lab's truncation. */
function remember(
  loaded: CheckpointModel,
  got: {
    readonly buffer: ArrayBuffer;
    readonly name: string;
    readonly provenance: ChestProvenance;
  },
  src: LoadCheckpointRequest['source'],
): void {
  const { chest, detected } = loaded;
  const unverified = got.provenance.verified ? '' : ' (weights not verified)';
  rememberChestCheckpoint(detected.arch, {
    label: `${chest === null ? got.name : chestModelLabel(chest)}${unverified}`,
    fileName: got.name,
    buffer: got.buffer,
    provenance: got.provenance,
    ...(src.kind === 'url' ? { url: src.url } : {}),
  });
}

/**
 * Reads a checkpoint, builds and loads its network, and registers it.
 * @param request the file or URL, weight set, truncation, head, registry id
 * @param onProgress download progress, then 'loading'
 * @param known the provenance already established for these bytes (worker-internal: a remembered
 *   checkpoint re-read for truncation); never taken from a caller's request
 * @returns the registered model with what was found, or a refusal (nothing changed)
 */
export async function loadCheckpoint(
  request: LoadCheckpointRequest,
  onProgress?: (e: WeightsProgress) => void,
  known?: ChestProvenance,
): Promise<LoadCheckpointResult> {
  const got = await bytesOf(request, onProgress);
  if ('ok' in got) return got;
  onProgress?.({ type: 'loading' });
  const provenance = known ?? (await chestProvenance(request.source, got.buffer));
  // a digest or a catalog URL names the weight set more surely than a file name
  const chestId = provenance.chestId ?? request.chestId;
  let loaded: CheckpointModel;
  try {
    loaded = modelFromCheckpoint(got.buffer, {
      fileName: got.name,
      ...(chestId === undefined ? {} : { chestId }),
      ...(request.unitsRemoved === undefined ? {} : { unitsRemoved: request.unitsRemoved }),
      ...(request.numClasses === undefined ? {} : { numClasses: request.numClasses }),
    });
  } catch (error) {
    return checkpointRefusal(error);
  }
  const { detected, chest, unitsRemoved } = loaded;
  const id = request.id ?? chest?.id ?? `pt-${detected.arch}-k${unitsRemoved}`;
  const info = setActiveModel(
    id,
    loaded.model,
    describeModel(id, loaded.model, originOf(loaded, got.name, provenance)),
  );
  if (loaded.candidates.length > 0) remember(loaded, { ...got, provenance }, request.source);
  return {
    ok: true,
    modelId: id,
    info,
    report: loaded.report,
    checkpoint: summaryOf(loaded),
    candidates: loaded.candidates.map((c) => c.id),
    fromCache: got.fromCache,
  };
}

/**
 * Names the weight set of a loaded TorchXRayVision model whose file did not say (the DenseNets
 * share one shape): its labels and operating points follow.
 * @param modelId registry id
 * @param chestId a TorchXRayVision weights name of the same shape
 * @returns the updated info
 * @throws Error when the model or the name is unknown, or they do not fit
 */
export function identifyChestModel(modelId: string, chestId: string): ModelInfo {
  const found = getModel(modelId);
  const meta: ChestModelMeta | undefined = chestModel(chestId);
  if (found === undefined || meta === undefined)
    throw new Error(`unknown model ${modelId} or weight set ${chestId}`);
  const { info, model } = found;
  if (meta.arch !== info.arch || meta.inChannels !== info.inChannels || info.init !== 'chest-xray')
    throw new Error(`${chestModelLabel(meta)} does not fit model ${modelId}`);
  const provenance = info.provenance ?? { verified: false, basis: 'not checked' };
  const label = provenance.verified ? chestModelLabel(meta) : `named as ${chestModelLabel(meta)}`;
  return setActiveModel(modelId, model, {
    ...info,
    chestModel: meta.id,
    outputs: meta.outputs.value,
    opThreshs: meta.opThreshs.value,
    source: chestSourceLabel(meta.arch, label, provenance),
  });
}

/**
 * The Lab's truncation of a chest-X-ray model: the last chest checkpoint of this architecture,
 * built with `unitsRemoved` units removed and a new 5-output head, registered as 'in-domain'.
 * @param arch architecture id
 * @param unitsRemoved units removed from the end
 * @returns the registered model, or a refusal
 */
export async function truncateChestCheckpoint(
  arch: string,
  unitsRemoved: number,
): Promise<LoadCheckpointResult> {
  let got: Awaited<ReturnType<typeof rememberedChestBytes>>;
  try {
    got = await rememberedChestBytes(arch);
  } catch (error) {
    return fail('NOT_LOADED', errorText(error));
  }
  // the truncated model keeps what its file was verified as (a cached download is bytes here)
  return loadCheckpoint(
    {
      source: { kind: 'buffer', buffer: got.buffer, name: got.fileName },
      fileName: got.fileName,
      unitsRemoved,
      numClasses: 5,
      id: `chest-${arch}-k${unitsRemoved}`,
    },
    undefined,
    got.provenance,
  );
}

export const checkpointApi = {
  /**
   * @param arch architecture id (the Lab's)
   * @param unitsRemoved the Lab's truncation
   * @returns the truncated chest-X-ray model, registered with a new 5-output head, or a refusal
   */
  truncateChestCheckpoint(arch: string, unitsRemoved: number): Promise<LoadCheckpointResult> {
    return truncateChestCheckpoint(arch, unitsRemoved);
  },

  /**
   * Loads a PyTorch checkpoint (see `loadCheckpoint`).
   * @param request a buffer (transfer it) or a URL, and what to build
   * @param onProgress a `Comlink.proxy` callback (download bytes, then 'loading')
   * @returns the registered model and what was found, or `{ ok: false, refusal }`
   */
  loadCheckpoint(
    request: LoadCheckpointRequest,
    onProgress?: (e: WeightsProgress) => void,
  ): Promise<LoadCheckpointResult> {
    return loadCheckpoint(request, onProgress);
  },

  /**
   * @param modelId a loaded TorchXRayVision DenseNet whose weight set the file did not name
   * @param chestId the weight set
   * @returns its updated info (labels, operating points, source)
   */
  identifyChestModel(modelId: string, chestId: string): ModelInfo {
    return identifyChestModel(modelId, chestId);
  },

  /**
   * @param arch architecture id
   * @returns whether an 'in-domain' training run has a chest-X-ray checkpoint for it, and its label
   */
  inDomainWeightsAvailable(arch: string): { available: boolean; source?: string } {
    return inDomainWeightsAvailable(arch);
  },
};
