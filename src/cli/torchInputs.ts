/**
 * Inputs and outputs of `chextransfer predict` for PyTorch checkpoints (predictTorch.ts): a .npy
 * array, or an image through the app's decoding, its out-of-distribution checks and the model's
 * preprocessing; and the five CheXpert tasks read from a model's labels.
 */
import { CHEXPERT_TASKS } from '../study/types.ts';
import { CHEXPERT_IN_XRV } from '../zoo/chestCatalog.ts';
import { CATALOG } from '../zoo/catalog.ts';
import type { CheckpointModel } from '../zoo/weights/loadCheckpoint.ts';
import type { DecodedImage, GreyImage, OodResult } from '../imaging/index.ts';
import { opNorm } from '../zoo/opNorm.ts';
import { RefusalError } from '../refusal/refusal.ts';
import { limitValues, type ReaderLimits } from '../refusal/readerLimits.ts';
import { NpyError, readNpy } from './npy.ts';
import { OutOfDistributionError } from './refusal.ts';

/** A model input in NHWC (= NCHW for one channel), with its NCHW shape. */
export interface Input {
  readonly nhwc: Float32Array;
  readonly shape: readonly [number, number, number, number];
}

/**
 * What one --npy input may ask of the model, checked before it is built: activations grow with
 * batch x side^2, and the models here are trained at 224 to 512 pixels. Past either: WRONG_SHAPE.
 */
export const MODEL_INPUT_LIMITS = {
  maxSide: {
    value: 1024,
    unit: 'pixels of the square side S',
    why: "4.6x the 224 of most models and 2x TorchXRayVision's 512; activations grow with the side squared",
  },
  maxPixels: {
    value: 4 * 1024 * 1024,
    unit: 'N x S x S, all inputs of one array together',
    why: 'room for 16 inputs at 512, 83 at 224 or 4 at 1024: a few GB of activations in the forward pass, which holds the whole batch at once',
  },
} as const satisfies ReaderLimits;

/** `MODEL_INPUT_LIMITS` as bare numbers, for the --npy file-size check (predictFiles.ts). */
export const NPY_INPUT_LIMITS = limitValues(MODEL_INPUT_LIMITS);

/**
 * @param bytes a .npy file (float32 NCHW)
 * @param channels the model's input channels
 * @returns the input in NHWC
 * @throws NpyError (bad input, exit 2): not npy, a zero-sized dimension, another shape, or
 *   past `MODEL_INPUT_LIMITS`
 */
export function fromNpy(bytes: Uint8Array, channels: number): Input {
  const { shape, data } = readNpy(bytes);
  const [n, c, h, w] = shape.length === 3 ? [1, ...shape] : shape;
  if (shape.length < 3 || shape.length > 4 || c !== channels || h !== w || !n || !h)
    throw new NpyError(
      'WRONG_SHAPE',
      `expected [N, ${channels}, S, S] or [${channels}, S, S] for this model, got [${shape.join(', ')}]`,
    );
  if (h > MODEL_INPUT_LIMITS.maxSide.value || n * h * h > MODEL_INPUT_LIMITS.maxPixels.value)
    throw new NpyError(
      'WRONG_SHAPE',
      `[${shape.join(', ')}] is past the input limits (side at most ${MODEL_INPUT_LIMITS.maxSide.value}, N x S x S at most ${MODEL_INPUT_LIMITS.maxPixels.value})`,
    );
  const nhwc = new Float32Array(data.length);
  const hw = h * h;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < hw; p++) nhwc[(b * hw + p) * c + ch] = data[(b * c + ch) * hw + p] ?? 0;
  return { nhwc, shape: [n, c, h, h] };
}

/** A decoded image that passed (or was allowed past) the app's out-of-distribution checks. */
export interface CheckedImage {
  readonly image: DecodedImage;
  readonly grey: GreyImage;
  /** The verdict, when flagged and allowed with --allow-ood. */
  readonly ood?: OodResult;
  /** What the decoder noted (e.g. an inversion for MONOCHROME1). */
  readonly notes: readonly string[];
}

/**
 * Decodes an image as the app does and runs the app's out-of-distribution checks, before any
 * model is built (a refused image costs no model load).
 * @param bytes a PNG, JPEG or DICOM file
 * @param allowOod predict on an image the checks flag instead of refusing it
 * @returns the decoded image, its grey levels and any verdict
 * @throws ImagingError (bad input, exit 2), OutOfDistributionError (exit 4)
 */
export async function checkedImage(bytes: Uint8Array, allowOod: boolean): Promise<CheckedImage> {
  const { checkOutOfDistribution, decodeImage, toGreyFloat } = await import('../imaging/index.ts');
  const image = await decodeImage(bytes);
  const grey = toGreyFloat(image);
  const ood = checkOutOfDistribution(image, grey);
  if (ood.flagged && !allowOod) throw new OutOfDistributionError(ood);
  return { image, grey, notes: image.notes, ...(ood.flagged ? { ood } : {}) };
}

/**
 * @param checked the decoded, checked image
 * @param loaded the model (its architecture and input size)
 * @param xrv TorchXRayVision preprocessing (1 channel) instead of timm's
 * @returns the input in NHWC
 */
export async function fromImage(
  checked: CheckedImage,
  loaded: CheckpointModel,
  xrv: boolean,
): Promise<Input> {
  const size = loaded.inputSize;
  if (xrv) {
    const { toXrvInput } = await import('../imaging/xrvPreprocess.ts');
    return { nhwc: toXrvInput(checked.image, size).input.data, shape: [1, 1, size, size] };
  }
  const { toModelInput } = await import('../imaging/index.ts');
  const meta = CATALOG[loaded.detected.arch as keyof typeof CATALOG];
  const input = toModelInput(checked.grey, { ...meta, inputSize: size });
  return { nhwc: input.data, shape: [1, 3, size, size] };
}

/**
 * Finite weights can still overflow to infinity or NaN on the way (weights of absurd magnitude):
 * such outputs are refused rather than printed (JSON would print NaN as `null`).
 * @param rows one row of logits per input
 * @returns the rows
 * @throws RefusalError NON_FINITE_OUTPUT (wrong weights, exit 3)
 */
export function finiteLogits(rows: number[][]): number[][] {
  const at = rows
    .flatMap((r, n) => r.map((v, k) => [n, k, v] as const))
    .find(([, , v]) => !Number.isFinite(v));
  if (at === undefined) return rows;
  throw new RefusalError(
    'wrong-weights',
    'NON_FINITE_OUTPUT',
    "The model's outputs are not numbers (NaN or infinity) although its weights are, so nothing is printed; its weights are far out of range, so choose another weights file.",
    { detail: `input ${at[0]}, output ${at[1]} is ${at[2]}` },
  );
}

/** Numerically stable logistic function. */
export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** The five CheXpert tasks in a model's outputs ('Pleural Effusion' is TorchXRayVision's 'Effusion'). */
/**
 * @param labels the model's output labels
 * @param values one value per output
 * @returns each CheXpert task's value, null where the model has no such output
 */
export function chexpertOf(
  labels: readonly string[],
  values: readonly (number | null)[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const task of CHEXPERT_TASKS) {
    const k = labels.findIndex((l) => l !== '' && (l === task || l === CHEXPERT_IN_XRV[task]));
    out[task] = k < 0 ? null : (values[k] ?? null);
  }
  return out;
}

export { opNorm };
