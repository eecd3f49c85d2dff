/**
 * scikit-image's `transform.resize(img, (S, S), mode='constant', preserve_range=True)` with its
 * defaults (order 1, anti-aliasing when shrinking), as TorchXRayVision's `XRayResizer` calls it.
 * Pure.
 *
 * Ref impl: scikit-image 0.19.3 `skimage/transform/_warps.py` `resize` with SciPy >= 1.6:
 * 1. anti-aliasing when any side shrinks: `ndi.gaussian_filter(img, sigma = max(0, (f - 1) / 2))`
 *    per axis, f = input / output size, in 'grid-constant' mode with cval 0 (zero padding), the
 *    kernel truncated at `int(4 * sigma + 0.5)` taps per side (`scipy/ndimage/_filters.py`
 *    `_gaussian_kernel1d`), one axis after the other, rows first, each pass stored as float32;
 * 2. `ndi.zoom(order=1, grid_mode=True, mode='grid-constant')`: output pixel o samples the input
 *    at (o + 0.5) f - 0.5 by bilinear interpolation, reading 0 outside the image;
 * 3. `_clip_warp_output`: clip to the input's [min, max], widened to include 0 when the output
 *    reached it through the zero padding.
 * Arithmetic in float64, results rounded to float32 where SciPy stores them.
 */

/** An image of float samples, row-major. */
export interface FloatImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** `_gaussian_kernel1d(sigma, 0, radius)`: exp(-x^2 / (2 sigma^2)), normalised to sum 1. */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.trunc(4 * sigma + 0.5);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-0.5 / (sigma * sigma)) * i * i);
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] ?? 0) / sum;
  return k;
}

/** One correlate1d pass along rows (vertical) or columns (horizontal), zero outside. */
function blur(img: FloatImage, sigma: number, vertical: boolean): Float32Array {
  const { width: w, height: h, data } = img;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const out = new Float32Array(w * h);
  const n = vertical ? h : w;
  const step = vertical ? w : 1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const pos = vertical ? y : x;
      const at = y * w + x;
      let acc = 0;
      const lo = Math.max(-r, -pos);
      const hi = Math.min(r, n - 1 - pos);
      for (let i = lo; i <= hi; i++) acc += (k[i + r] ?? 0) * (data[at + i * step] ?? 0);
      out[at] = acc;
    }
  return out;
}

/** Bilinear weights of output pixel o at scale f: sample index i0 and fraction t. */
function sampleAt(o: number, f: number): { i0: number; t: number } {
  const c = (o + 0.5) * f - 0.5;
  const i0 = Math.floor(c);
  return { i0, t: c - i0 };
}

function zoom(img: FloatImage, width: number, height: number): Float32Array {
  const { width: w, height: h, data } = img;
  const fx = w / width;
  const fy = h / height;
  const at = (y: number, x: number): number =>
    y < 0 || y >= h || x < 0 || x >= w ? 0 : (data[y * w + x] ?? 0);
  const xs = Array.from({ length: width }, (_, o) => sampleAt(o, fx));
  const out = new Float32Array(width * height);
  for (let oy = 0; oy < height; oy++) {
    const { i0: y0, t: ty } = sampleAt(oy, fy);
    for (let ox = 0; ox < width; ox++) {
      const { i0: x0, t: tx } = xs[ox] ?? { i0: 0, t: 0 };
      out[oy * width + ox] =
        (1 - ty) * ((1 - tx) * at(y0, x0) + tx * at(y0, x0 + 1)) +
        ty * ((1 - tx) * at(y0 + 1, x0) + tx * at(y0 + 1, x0 + 1));
    }
  }
  return out;
}

function range(data: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * @param img the source (any size)
 * @param width output width
 * @param height output height
 * @returns the resized image, as scikit-image computes it (see the module comment)
 */
export function skimageResize(img: FloatImage, width: number, height: number): FloatImage {
  if (width === img.width && height === img.height)
    return { width, height, data: img.data.slice() };
  const [lo, hi] = range(img.data);
  let src = img;
  const sy = Math.max(0, (img.height / height - 1) / 2);
  const sx = Math.max(0, (img.width / width - 1) / 2);
  if (img.width > width || img.height > height) {
    // anti_aliasing defaults to True when any axis shrinks; an axis with sigma 0 is skipped
    if (sy > 0) src = { ...src, data: blur(src, sy, true) };
    if (sx > 0) src = { ...src, data: blur(src, sx, false) };
  }
  const out = zoom(src, width, height);
  const [olo, ohi] = range(out);
  const keepZero = !(lo <= 0 && 0 <= hi) && olo <= 0 && 0 <= ohi;
  const min = keepZero ? Math.min(lo, 0) : lo;
  const max = keepZero ? Math.max(hi, 0) : hi;
  for (let i = 0; i < out.length; i++) out[i] = Math.min(max, Math.max(min, out[i] ?? 0));
  return { width, height, data: out };
}
