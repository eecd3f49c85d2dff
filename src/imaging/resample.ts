/**
 * Separable, antialiased resampling of a single-channel float image, after Pillow's
 * `ImagingResample` (the resize torchvision/timm apply to PIL images, hence to every CheXpert and
 * ImageNet training image): when shrinking by a factor s, the kernel is stretched by s so each
 * output pixel averages its whole footprint. With the box kernel this is exact area averaging
 * (used for thumbnails); bilinear/bicubic become triangle/cubic low-pass filters of width ∝ s,
 * so there is no aliasing at any factor and no separate box pre-pass is needed.
 */
import type { GreyImage } from './types.ts';

/** Resampling kernels (Pillow names and supports). */
export type Kernel = 'box' | 'bilinear' | 'bicubic';

const SUPPORT: Record<Kernel, number> = { box: 0.5, bilinear: 1, bicubic: 2 };

/** Keys' cubic convolution with a = −0.5, as Pillow and PyTorch use. */
function cubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

function weight(kernel: Kernel, x: number): number {
  if (kernel === 'bicubic') return cubic(x);
  if (kernel === 'bilinear') return Math.max(0, 1 - Math.abs(x));
  return x >= -0.5 && x < 0.5 ? 1 : 0;
}

/** Per output index: first input index and `stride` normalised weights. */
interface Taps {
  readonly start: Int32Array;
  readonly weights: Float32Array;
  readonly stride: number;
}

/**
 * Pillow `precompute_coeffs`: output pixel i covers input [i·s, (i+1)·s) with s = in/out; the
 * kernel is evaluated at input pixel centres, stretched by max(s, 1), and normalised to sum 1.
 * Every window is stored with the same number of taps (`stride`, zero weights past the kernel,
 * start shifted left at the right edge) so the inner loops have a fixed length.
 */
function taps(inSize: number, outSize: number, kernel: Kernel): Taps {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = SUPPORT[kernel] * stretch;
  const stride = Math.min(inSize, Math.ceil(support) * 2 + 1);
  const start = new Int32Array(outSize);
  const weights = new Float32Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support + 0.5));
    const hi = Math.min(inSize, Math.floor(centre + support + 0.5));
    const first = Math.min(lo, inSize - stride);
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += weight(kernel, (j + 0.5 - centre) / stretch);
    for (let j = lo; j < hi && sum !== 0; j++) {
      weights[i * stride + j - first] = weight(kernel, (j + 0.5 - centre) / stretch) / sum;
    }
    start[i] = first;
  }
  return { start, weights, stride };
}

// The inner loops below read typed arrays at indices that are in range by construction (taps()
// clamps every window to the input), so `as number` stands in for the `?? 0` that
// noUncheckedIndexedAccess would otherwise require in the hottest loops of the core.

/** Resample along rows (horizontal) of a `w × h` image into `outW × h`. */
function horizontal(src: Float32Array, w: number, h: number, t: Taps, outW: number): Float32Array {
  const out = new Float32Array(outW * h);
  const { start, weights, stride } = t;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const outRow = y * outW;
    for (let x = 0; x < outW; x++) {
      const s = row + (start[x] as number);
      const base = x * stride;
      let acc = 0;
      for (let k = 0; k < stride; k++)
        acc += (src[s + k] as number) * (weights[base + k] as number);
      out[outRow + x] = acc;
    }
  }
  return out;
}

/** Resample along columns of a `w × h` image into `w × outH`. */
function vertical(src: Float32Array, w: number, t: Taps, outH: number): Float32Array {
  const out = new Float32Array(w * outH);
  const { start, weights, stride } = t;
  for (let y = 0; y < outH; y++) {
    const s = start[y] as number;
    const at = y * w;
    for (let k = 0; k < stride; k++) {
      const wk = weights[y * stride + k] as number;
      const row = (s + k) * w;
      for (let x = 0; x < w; x++)
        out[at + x] = (out[at + x] as number) + (src[row + x] as number) * wk;
    }
  }
  return out;
}

/**
 * Resize a grey image.
 * @param image the source
 * @param width output width
 * @param height output height
 * @param kernel box (area average), bilinear or bicubic
 * @returns the resized image; bicubic can overshoot [0, 1] slightly, as in Pillow's float mode
 */
export function resize(image: GreyImage, width: number, height: number, kernel: Kernel): GreyImage {
  const h = horizontal(
    image.data,
    image.width,
    image.height,
    taps(image.width, width, kernel),
    width,
  );
  const data = vertical(h, width, taps(image.height, height, kernel), height);
  return { width, height, data };
}
