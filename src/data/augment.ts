/**
 * Light training augmentation on a grey image: a small random shift and scale, brightness and
 * contrast. Horizontal flips are OFF by default and should stay off for chest radiographs: the
 * heart lies on the patient's left, the stomach bubble under the left hemidiaphragm, and a
 * flipped film is a different anatomy (dextrocardia / situs inversus), not the same finding seen
 * differently; laterality also carries meaning for the effusion and atelectasis sides.
 */

/** Augmentation strengths; 0 (or false) turns a transform off. */
export interface AugmentOptions {
  /** Maximum shift as a fraction of the side (e.g. 0.05). */
  readonly shift: number;
  /** Maximum relative scale change (e.g. 0.05 → ×0.95…×1.05). */
  readonly scale: number;
  /** Maximum added brightness on the [0, 1] grey scale. */
  readonly brightness: number;
  /** Maximum relative contrast change. */
  readonly contrast: number;
  readonly horizontalFlip: boolean;
}

/** Defaults: light, and no flip (see the module comment). */
export const DEFAULT_AUGMENT: AugmentOptions = {
  shift: 0.05,
  scale: 0.05,
  brightness: 0.05,
  contrast: 0.1,
  horizontalFlip: false,
} as const;

/** No augmentation (validation, tests). */
export const NO_AUGMENT: AugmentOptions = {
  shift: 0,
  scale: 0,
  brightness: 0,
  contrast: 0,
  horizontalFlip: false,
} as const;

/**
 * @param options augmentation strengths
 * @returns true when every transform is off
 */
export function isIdentity(options: AugmentOptions): boolean {
  const { shift, scale, brightness, contrast, horizontalFlip } = options;
  return shift === 0 && scale === 0 && brightness === 0 && contrast === 0 && !horizontalFlip;
}

/**
 * Augments one grey image (bilinear resampling, edge pixels repeated outside the image).
 * @param image grey values, row-major `size × size`
 * @param size image side
 * @param options strengths
 * @param rand uniform [0, 1) generator (seeded by the caller)
 * @returns a new image
 */
export function augmentGrey(
  image: Float32Array,
  size: number,
  options: AugmentOptions,
  rand: () => number,
): Float32Array {
  const sym = (max: number): number => (2 * rand() - 1) * max;
  const s = 1 + sym(options.scale);
  const dx = sym(options.shift) * size;
  const dy = sym(options.shift) * size;
  const flip = options.horizontalFlip && rand() < 0.5;
  const gain = 1 + sym(options.contrast);
  const bias = sym(options.brightness);
  const out = new Float32Array(size * size);
  const c = (size - 1) / 2;
  const clampIdx = (k: number): number => (k < 0 ? 0 : k > size - 1 ? size - 1 : k);
  for (let y = 0; y < size; y++) {
    const sy = (y - c - dy) / s + c;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const r0 = clampIdx(y0) * size;
    const r1 = clampIdx(y0 + 1) * size;
    for (let x = 0; x < size; x++) {
      const xx = flip ? size - 1 - x : x;
      const sx = (xx - c - dx) / s + c;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const [a, b] = [clampIdx(x0), clampIdx(x0 + 1)];
      const top = (image[r0 + a] ?? 0) * (1 - fx) + (image[r0 + b] ?? 0) * fx;
      const bot = (image[r1 + a] ?? 0) * (1 - fx) + (image[r1 + b] ?? 0) * fx;
      // Contrast about mid-grey, then brightness.
      out[y * size + x] = (top * (1 - fy) + bot * fy - 0.5) * gain + 0.5 + bias;
    }
  }
  return out;
}
