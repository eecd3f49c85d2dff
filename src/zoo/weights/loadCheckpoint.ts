/**
 * A PyTorch checkpoint into a zoo model, for the CLI and the worker: read the file
 * (torchCheckpoint.ts), detect the network from its tensors (detect.ts), build it with the
 * detected input channels and outputs (or truncated, or with another head), and load strictly.
 * When the network is a published chest-X-ray model's (TorchXRayVision), its catalog entry gives
 * the labels, operating points, input size and preprocessing. Nothing is kept on refusal.
 */
import type * as tf from '@tensorflow/tfjs';
import { RefusalError } from '../../refusal/refusal.ts';
import { chestModel, chestModelLabel, type ChestModelMeta } from '../chestCatalog.ts';
import { buildModel } from '../build.ts';
import { CHECKPOINT_MODEL_SENTENCES } from './checkpointMessages.ts';
import { getArch } from '../registry.ts';
import { chestCandidates, detectModel, isComplete, type DetectedModel } from './detect.ts';
import { loadWeights } from './load.ts';
import type { LoadReport } from './match.ts';
import type { SafetensorsFile } from './safetensors.ts';
import { readFloat32 } from './safetensors.ts';
import { readTorchCheckpoint, type TorchCheckpoint } from './torchCheckpoint.ts';

/** Why a readable checkpoint cannot become a model (sentences: checkpointMessages.ts). */
export type CheckpointModelErrorCode =
  /** No stem convolution of any zoo architecture is in the file. */
  | 'UNKNOWN_NETWORK'
  /** A zoo architecture's stem is there, but not all of its tensors with the right shape. */
  | 'INCOMPLETE'
  /** Not the TorchXRayVision weight set asked for (another network, channels or outputs). */
  | 'NOT_THAT_MODEL'
  /** Not the zoo architecture asked for. */
  | 'WRONG_ARCH'
  /** Asked for as a chest-X-ray backbone (an in-domain start), but not a 1-channel network. */
  | 'NOT_ONE_CHANNEL'
  /** The classifier has no outputs (a [0, N] head): no model can be built. */
  | 'NO_OUTPUTS'
  /** The stem takes neither 1 (grey) nor 3 (colour) channels, e.g. 0: no image can feed it. */
  | 'INPUT_CHANNELS';

/**
 * A readable checkpoint that is not a network the zoo can build, or not the one asked for: a
 * refusal of kind 'wrong-weights' (nothing is loaded).
 */
export class CheckpointModelError extends RefusalError<CheckpointModelErrorCode> {
  override name = 'CheckpointModelError';

  /**
   * @param code reason (it picks the plain sentence)
   * @param detail what was found, e.g. the detected architecture and tensor counts
   */
  constructor(code: CheckpointModelErrorCode, detail: string) {
    super('wrong-weights', code, CHECKPOINT_MODEL_SENTENCES[code], { detail });
  }
}

/** Tensors a TorchXRayVision module may carry besides the network: its operating points. */
const XRV_EXTRAS = new Set(['op_threshs']);

/** What to build from the checkpoint. */
export interface CheckpointModelOptions {
  /** The file's name: the published TorchXRayVision file names identify their weight set. */
  readonly fileName?: string;
  /** A TorchXRayVision weights name (`densenet121-res224-chex`) the file must fit. */
  readonly chestId?: string;
  /** A zoo architecture (`densenet121`) the file must hold. */
  readonly arch?: string;
  /** Truncation (default 0). A truncated model gets a new head of `numClasses`. */
  readonly unitsRemoved?: number;
  /** Outputs (default: the checkpoint's). Another number means a new, untrained head. */
  readonly numClasses?: number;
  /** Square input side (default: the chest model's, else the architecture's). */
  readonly inputSize?: number;
}

/** A loaded checkpoint. */
export interface CheckpointModel {
  readonly model: tf.LayersModel;
  readonly checkpoint: Omit<TorchCheckpoint, 'file'>;
  readonly detected: DetectedModel;
  /** The published model it is (null when the file's weight set cannot be told). */
  readonly chest: ChestModelMeta | null;
  /** Every published model of the same shape (the DenseNets share one). */
  readonly candidates: readonly ChestModelMeta[];
  readonly report: LoadReport;
  readonly unitsRemoved: number;
  readonly numClasses: number;
  readonly inputSize: number;
  /** Whether the classifier is the checkpoint's own (not truncated, same outputs). */
  readonly headLoaded: boolean;
  /** Operating points stored in the file itself (a module's `op_threshs` buffer), if any. */
  readonly fileOpThreshs: readonly (number | null)[] | null;
}

function withoutExtras(file: SafetensorsFile): {
  file: SafetensorsFile;
  opThreshs: (number | null)[] | null;
} {
  const entry = file.tensors.get('op_threshs');
  const opThreshs =
    entry === undefined
      ? null
      : Array.from(readFloat32(file, entry), (v) => (Number.isNaN(v) ? null : v));
  const tensors = new Map([...file.tensors].filter(([k]) => !XRV_EXTRAS.has(k)));
  return { file: { ...file, tensors }, opThreshs };
}

function detect(file: SafetensorsFile, arch: string | undefined): DetectedModel {
  const d = detectModel(file.tensors);
  if (d === null)
    throw new CheckpointModelError(
      'UNKNOWN_NETWORK',
      `none of its ${file.tensors.size} tensors is the stem convolution of one of the 16 architectures`,
    );
  if (arch !== undefined && d.arch !== arch)
    throw new CheckpointModelError('WRONG_ARCH', `the file holds a ${d.arch}, not a ${arch}`);
  // checked before the shapes: a 0-sized head or stem "matches" a model built to its size
  if (d.numClasses < 1)
    throw new CheckpointModelError(
      'NO_OUTPUTS',
      `its ${d.arch} classifier has ${d.numClasses} outputs`,
    );
  if (d.inChannels !== 1 && d.inChannels !== 3)
    throw new CheckpointModelError(
      'INPUT_CHANNELS',
      `its ${d.arch} stem convolution takes ${d.inChannels} input channels`,
    );
  if (!isComplete(d))
    throw new CheckpointModelError(
      'INCOMPLETE',
      `it looks like a ${d.arch}, but only ${d.matched} of its ${d.expected} tensors are there with the right shape`,
    );
  return d;
}

function pickChest(
  d: DetectedModel,
  opts: CheckpointModelOptions,
): {
  chest: ChestModelMeta | null;
  candidates: ChestModelMeta[];
} {
  const candidates = chestCandidates(d, opts.fileName);
  if (opts.chestId !== undefined) {
    const want = chestModel(opts.chestId);
    if (want === undefined || !candidates.includes(want))
      throw new CheckpointModelError(
        'NOT_THAT_MODEL',
        `the file is a ${d.arch} with ${d.inChannels} input channel(s) and ${d.numClasses} outputs, which does not fit ${want ? chestModelLabel(want) : `"${opts.chestId}"`}`,
      );
    return { chest: want, candidates };
  }
  const named =
    opts.fileName !== undefined && candidates[0]?.url.value.endsWith(`/${opts.fileName}`);
  const chest = named || candidates.length === 1 ? (candidates[0] ?? null) : null;
  return { chest, candidates };
}

/** The tensors an in-domain training run starts from, and what they were found to be. */
export interface ChestBackbone {
  /** The network's tensors (a TorchXRayVision module's `op_threshs` left out). */
  readonly file: SafetensorsFile;
  readonly detected: DetectedModel;
  /** The published model it is (null when the file's weight set cannot be told). */
  readonly chest: ChestModelMeta | null;
}

/** What an in-domain run's backbone must be. */
export interface ChestBackboneOptions {
  /** The run's architecture. */
  readonly arch: string;
  /** The TorchXRayVision weight set the file must fit, if one is named. */
  readonly chestId?: string;
  /** The file's name (a published one identifies its weight set). */
  readonly fileName?: string;
}

/**
 * Checks a checkpoint's tensors as the backbone of an in-domain run: the run's architecture,
 * complete, and grey-input (1 channel, as the run is built and fed).
 * @param file the checkpoint's tensors
 * @param opts the run's architecture; the weight set the file must fit and its name, if known
 * @returns its tensors (op_threshs left out) and what they are
 * @throws CheckpointModelError (WRONG_ARCH, UNKNOWN_NETWORK, INCOMPLETE, NOT_ONE_CHANNEL,
 *   NOT_THAT_MODEL): refusals of kind 'wrong-weights'
 */
export function checkChestBackbone(
  file: SafetensorsFile,
  opts: ChestBackboneOptions,
): ChestBackbone {
  const network = withoutExtras(file).file;
  const detected = detect(network, opts.arch);
  if (detected.inChannels !== 1)
    throw new CheckpointModelError(
      'NOT_ONE_CHANNEL',
      `the file's ${detected.arch} takes ${detected.inChannels} input channels, not 1`,
    );
  return { file: network, detected, chest: pickChest(detected, opts).chest };
}

/**
 * Reads a chest-X-ray checkpoint as the backbone of an in-domain run (`checkChestBackbone`).
 * @param bytes a `.pt`/`.pth` file
 * @param opts the run's architecture; the weight set the file must fit and its name, if known
 * @returns its tensors and what they are
 * @throws TorchCheckpointError (unreadable file) or CheckpointModelError: refusals of kind
 *   'wrong-weights'
 */
export function chestBackbone(
  bytes: Uint8Array | ArrayBuffer,
  opts: ChestBackboneOptions,
): ChestBackbone {
  return checkChestBackbone(readTorchCheckpoint(bytes).file, opts);
}

/**
 * @param bytes a `.pt`/`.pth` file
 * @param opts file name, weight set, truncation, head, input size
 * @returns the built, loaded model and what was found
 * @throws TorchCheckpointError (unreadable file), CheckpointModelError (not a zoo network, or
 *   not the one asked for), WeightsError (the file does not fit the model built): all of them
 *   refusals of kind 'wrong-weights'
 */
export function modelFromCheckpoint(
  bytes: Uint8Array | ArrayBuffer,
  opts: CheckpointModelOptions = {},
): CheckpointModel {
  const checkpoint = readTorchCheckpoint(bytes);
  const { file, opThreshs } = withoutExtras(checkpoint.file);
  const detected = detect(file, opts.arch);
  const { chest, candidates } = pickChest(detected, opts);
  const unitsRemoved = opts.unitsRemoved ?? 0;
  const numClasses = opts.numClasses ?? detected.numClasses;
  const inputSize =
    opts.inputSize ?? chest?.inputSize.value ?? getArch(detected.arch).meta.inputSize;
  const build = { numClasses, unitsRemoved, inChannels: detected.inChannels };
  const model = buildModel(detected.arch, { ...build, inputSize });
  try {
    const report = loadWeights(model, detected.arch, file, { ...build, strict: true });
    const { format, content, moduleClass, container, dtypes, fileBytes, notes } = checkpoint;
    return {
      model,
      checkpoint: { format, content, moduleClass, container, dtypes, fileBytes, notes },
      detected,
      chest,
      candidates,
      report,
      unitsRemoved,
      numClasses,
      inputSize,
      headLoaded: !report.headReinitialised,
      fileOpThreshs: opThreshs,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
