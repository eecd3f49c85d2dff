/**
 * Stored samples → display/model-ready grey in [0, 1].
 *
 * Order of operations follows the DICOM grayscale pipeline (PS3.4 §N.2.1): stored value (masked to
 * Bits Stored, sign-extended per Pixel Representation, PS3.5 §8.1.1 / PS3.3 C.7.6.3.1) → Modality
 * LUT (Rescale Slope/Intercept, C.11.1.1.2) → VOI LUT (window, C.11.2.1.2) → MONOCHROME1 inversion
 * (C.7.6.3.1.2: minimum value is white). Colour becomes luma with ITU-R BT.601 weights, the ones
 * PIL's `convert('L')` uses, which is how the CheXpert/NIH PNGs most models were trained on were
 * made greyscale.
 */
import type { DecodedImage, GreyImage, VoiWindow } from './types.ts';

/**
 * How to map output values to [0, 1]: an explicit window, the robust 0.5–99.5 % percentiles,
 * the full range the bit depth allows, or `auto` (see `resolveWindow`).
 */
export type WindowChoice = VoiWindow | 'auto' | 'percentile' | 'full-range';

/** Percentiles of the robust window: clip the 0.5 % darkest and brightest samples (labels, burn-in). */
export const ROBUST_PERCENTILES = [0.005, 0.995] as const;

const BT601 = [0.299, 0.587, 0.114] as const;

/**
 * Modality values: mask to Bits Stored, sign-extend, rescale. RGB becomes BT.601 luma.
 * @param image a decoded image
 * @returns one float per pixel, in modality units (stored units for PNG/JPEG)
 */
export function modalityValues(image: DecodedImage): Float32Array {
  const { data, channels, bitsStored } = image;
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels);
  if (channels === 3) {
    for (let p = 0; p < pixels; p++) {
      const i = p * 3;
      out[p] =
        BT601[0] * (data[i] ?? 0) + BT601[1] * (data[i + 1] ?? 0) + BT601[2] * (data[i + 2] ?? 0);
    }
    return out;
  }
  const integer = !(data instanceof Float32Array);
  // Bits above Bits Stored may hold overlays or garbage (PS3.5 §8.1.1): mask them off.
  const mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
  const signBit = 1 << (bitsStored - 1);
  const signed = image.source.signed === true || data instanceof Int16Array;
  const { slope, intercept } = image.source.rescale ?? { slope: 1, intercept: 0 };
  for (let p = 0; p < pixels; p++) {
    let v = data[p] ?? 0;
    if (integer && bitsStored < 16) {
      v &= mask;
      if (signed && v & signBit) v -= 1 << bitsStored; // two's complement within Bits Stored
    }
    out[p] = v * slope + intercept;
  }
  return out;
}

/**
 * PS3.3 C.11.2.1.2.1 linear VOI function, scaled to [0, 1]. The −0.5 and (w − 1) terms are the
 * standard's, so that a window of width 1 is a hard threshold at the centre.
 * @param x a modality value
 * @param window center and width (width ≥ 1)
 * @returns the display value in [0, 1]
 */
export function voiLinear(x: number, window: VoiWindow): number {
  const { center: c, width: w } = window;
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 1;
  return (x - (c - 0.5)) / (w - 1) + 0.5;
}

/**
 * Approximate quantiles through a 4096-bin histogram between min and max: O(n), and the error
 * (range / 4096) is far below one display grey level.
 * @param values the samples
 * @param qs quantiles in [0, 1]
 * @returns one value per quantile
 */
export function quantiles(values: Float32Array, qs: readonly number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return qs.map(() => (Number.isFinite(min) ? min : 0));
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  for (const v of values) {
    const b = Math.round((v - min) * scale);
    hist[b] = (hist[b] ?? 0) + 1;
  }
  return qs.map((q) => {
    const target = q * (values.length - 1);
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += hist[b] ?? 0;
      if (seen > target) return min + b / scale;
    }
    return max;
  });
}

/** Full range of the stored bit depth, through the rescale (a negative slope swaps the ends). */
function fullRange(image: DecodedImage): [number, number] {
  const bits = image.bitsStored;
  const signed = image.channels === 1 && image.source.signed === true;
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const { slope, intercept } = image.source.rescale ?? { slope: 1, intercept: 0 };
  const a = lo * slope + intercept;
  const b = hi * slope + intercept;
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * What `auto` means, the same for every container (PNG, JPEG, DICOM):
 * 1. the file's own VOI window, if it has one (DICOM only);
 * 2. images of at most 8 stored bits and no rescale, and colour images: the full range of the
 *    stored bits. They are already rendered for display (the CheXpert and NIH PNGs, secondary
 *    captures), and stretching them would change the contrast the models were trained on;
 * 3. everything else (more than 8 bits without a window: 16-bit PNGs, 12-bit JPEGs, raw DICOM):
 *    the robust 0.5–99.5 % percentiles of the values the file actually holds. Never the
 *    container's nominal range: a 16-bit PNG whose values span 6,341–31,926 would otherwise be
 *    squeezed into the darkest half of the grey scale.
 * "Stored bits" of a 16-bit PNG are the bits its values use (raster.ts), so a PNG written from
 * 8-bit data (values ≤ 255) is treated exactly like the 8-bit file.
 * @param image a decoded image
 * @param choice the caller's choice
 * @param values the modality values (for percentiles)
 * @returns a concrete window, or a [low, high] range mapped linearly
 */
export function resolveWindow(
  image: DecodedImage,
  choice: WindowChoice,
  values: Float32Array,
): VoiWindow | [number, number] {
  if (typeof choice === 'object') return choice;
  if (choice === 'full-range') return fullRange(image);
  if (choice === 'percentile') return quantiles(values, ROBUST_PERCENTILES) as [number, number];
  const { source } = image;
  if (source.window) return source.window;
  if (image.channels === 3) return fullRange(image);
  if (image.bitsStored <= 8 && source.rescale === undefined) return fullRange(image);
  return quantiles(values, ROBUST_PERCENTILES) as [number, number];
}

/**
 * Grey, windowed, inverted if MONOCHROME1, in [0, 1].
 * @param image a decoded image
 * @param window which window to apply (default `auto`, see `resolveWindow`)
 * @returns a Float32Array image of the same size
 */
export function toGreyFloat(image: DecodedImage, window: WindowChoice = 'auto'): GreyImage {
  const values = modalityValues(image);
  const w = resolveWindow(image, window, values);
  if (Array.isArray(w)) {
    const [lo, hi] = w;
    const span = hi > lo ? hi - lo : 1;
    for (let i = 0; i < values.length; i++) {
      values[i] = Math.min(1, Math.max(0, ((values[i] ?? 0) - lo) / span));
    }
  } else {
    for (let i = 0; i < values.length; i++) values[i] = voiLinear(values[i] ?? 0, w);
  }
  if (image.photometric === 'MONOCHROME1') {
    for (let i = 0; i < values.length; i++) values[i] = 1 - (values[i] ?? 0);
  }
  return { width: image.width, height: image.height, data: values };
}
