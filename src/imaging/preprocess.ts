/**
 * Grey image → model input, the way timm's eval transform does it on a PIL image:
 * Resize(resizeSize) on the shorter side → CenterCrop(inputSize) → ToTensor (/255, done by
 * toGreyFloat) → grey replicated to 3 channels → Normalize(mean, std), laid out NHWC for tfjs.
 * Also a cheap area-averaged thumbnail for display.
 */
import { resize } from './resample.ts';
import type { Kernel } from './resample.ts';
import type { GreyImage } from './types.ts';

/** What a model asks for (a structural subset of the zoo catalog's ArchMeta). */
export interface ModelInputSpec {
  readonly inputSize: number;
  readonly resizeSize: number;
  readonly interpolation: 'bilinear' | 'bicubic';
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** A model input: `[1, size, size, 3]` float32, NHWC. */
export interface ModelInput {
  readonly shape: readonly [1, number, number, 3];
  readonly data: Float32Array;
}

/** Python's round(): halves go to the even neighbour. torchvision's CenterCrop uses it. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Resize so the shorter side equals `size`, keeping the aspect ratio. The longer side is
 * truncated, as in torchvision `_compute_resized_output_size` (`int(size * long / short)`).
 * @param image the source
 * @param size target shorter side
 * @param kernel resampling kernel
 * @returns the resized image
 */
export function resizeShorterSide(image: GreyImage, size: number, kernel: Kernel): GreyImage {
  const { width: w, height: h } = image;
  if (Math.min(w, h) === size) return image;
  const long = Math.floor((size * Math.max(w, h)) / Math.min(w, h));
  return w <= h ? resize(image, size, long, kernel) : resize(image, long, size, kernel);
}

/**
 * Central `size × size` crop (torchvision CenterCrop offsets: round((dim − size) / 2)).
 * @param image the source, at least `size` on each side
 * @param size crop side
 * @returns the crop
 */
export function centerCrop(image: GreyImage, size: number): GreyImage {
  if (image.width < size || image.height < size) {
    throw new RangeError(`centerCrop: ${image.width}×${image.height} is smaller than ${size}`);
  }
  const top = roundHalfEven((image.height - size) / 2);
  const left = roundHalfEven((image.width - size) / 2);
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const from = (top + y) * image.width + left;
    data.set(image.data.subarray(from, from + size), y * size);
  }
  return { width: size, height: size, data };
}

/**
 * Full eval transform for one model.
 * @param grey a grey image in [0, 1] (from toGreyFloat)
 * @param spec the model's input size, resize size, interpolation, mean and std
 * @returns NHWC float32 input with the grey value replicated into R, G and B, each normalised
 */
export function toModelInput(grey: GreyImage, spec: ModelInputSpec): ModelInput {
  const resized = resizeShorterSide(grey, spec.resizeSize, spec.interpolation);
  const crop = centerCrop(resized, spec.inputSize);
  const n = spec.inputSize * spec.inputSize;
  const out = new Float32Array(n * 3);
  const [m0, m1, m2] = spec.mean;
  const [s0, s1, s2] = spec.std;
  for (let i = 0; i < n; i++) {
    const v = crop.data[i] ?? 0;
    out[i * 3] = (v - m0) / s0;
    out[i * 3 + 1] = (v - m1) / s1;
    out[i * 3 + 2] = (v - m2) / s2;
  }
  return { shape: [1, spec.inputSize, spec.inputSize, 3], data: out };
}

/**
 * Area-averaged thumbnail for display, longest side at most `maxSide`, as 8-bit grey.
 * @param grey a grey image in [0, 1]
 * @param maxSide the longest side of the result (never enlarged)
 * @returns width, height and 8-bit samples
 */
export function thumbnail(
  grey: GreyImage,
  maxSide: number,
): { width: number; height: number; data: Uint8ClampedArray } {
  const scale = Math.min(1, maxSide / Math.max(grey.width, grey.height));
  const width = Math.max(1, Math.round(grey.width * scale));
  const height = Math.max(1, Math.round(grey.height * scale));
  const small = scale === 1 ? grey : resize(grey, width, height, 'box');
  const data = new Uint8ClampedArray(width * height);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((small.data[i] ?? 0) * 255);
  return { width, height, data };
}
