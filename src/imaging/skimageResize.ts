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

/** Bilinear sample positions of every output index along one axis at scale f. */
function samples(n: number, f: number): { i0: Int32Array; t: Float64Array } {
  const i0 = new Int32Array(n);
  const t = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    const c = (o + 0.5) * f - 0.5;
    const i = Math.floor(c);
    i0[o] = i;
    t[o] = c - i;
  }
  return { i0, t };
}

/**
 * The input indices along one axis that the interpolation reads (i0 and i0 + 1, inside [0, n)).
 * @returns `index[i]`: the compact position of input index i, or -1 where nothing reads it; and
 *   the indices read, ascending
 */
function readIndices(i0: Int32Array, n: number): { index: Int32Array; list: Int32Array } {
  const index = new Int32Array(n).fill(-1);
  for (const i of i0) {
    if (i >= 0 && i < n) index[i] = 0;
    if (i + 1 >= 0 && i + 1 < n) index[i + 1] = 0;
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (index[i] === 0) count++;
  const list = new Int32Array(count);
  count = 0;
  for (let i = 0; i < n; i++)
    if (index[i] === 0) {
      index[i] = count;
      list[count++] = i;
    }
  return { index, list };
}

/**
 * Vertical Gaussian pass at the needed rows, columns c0..c1, into an `rows.length × w` image.
 * Four columns at a time, each with its own sum in tap order (the order correlate1d sums in, so
 * the same float32): one running sum per output is a chain of dependent adds that waits on the
 * adder's latency, while four independent chains keep it busy (1.5× faster here).
 */
function verticalPass(img: FloatImage, ky: Float64Array, rows: Int32Array, c0: number, c1: number) {
  const { width: w, height: h, data } = img;
  const ry = (ky.length - 1) / 2;
  const v = new Float32Array(rows.length * w);
  // Indices are in range by construction (lo/hi clamp every window to the image), so `as number`
  // stands in for `?? 0`, as in resample.ts.
  for (let r = 0; r < rows.length; r++) {
    const y = rows[r] as number;
    const lo = Math.max(-ry, -y);
    const hi = Math.min(ry, h - 1 - y);
    const o = r * w;
    let x = c0;
    for (; x + 3 <= c1; x += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // prettier-ignore
      for (let i = lo, at = (y + lo) * w + x; i <= hi; i++, at += w) {
        const k = ky[i + ry] as number;
        a0 += k * (data[at] as number);
        a1 += k * (data[at + 1] as number);
        a2 += k * (data[at + 2] as number);
        a3 += k * (data[at + 3] as number);
      }
      v[o + x] = a0;
      v[o + x + 1] = a1;
      v[o + x + 2] = a2;
      v[o + x + 3] = a3;
    }
    for (; x <= c1; x++) {
      let a = 0;
      for (let i = lo, at = (y + lo) * w + x; i <= hi; i++, at += w)
        a += (ky[i + ry] as number) * (data[at] as number);
      v[o + x] = a;
    }
  }
  return v;
}

/** One output of the horizontal pass: row `off` of `v`, centred on column x. */
function horizontalAt(v: Float32Array, off: number, w: number, kx: Float64Array, x: number) {
  const rx = (kx.length - 1) / 2;
  const lo = Math.max(-rx, -x);
  const hi = Math.min(rx, w - 1 - x);
  let acc = 0;
  for (let i = lo; i <= hi; i++) acc += (kx[i + rx] as number) * (v[off + x + i] as number);
  return acc;
}

/**
 * Horizontal Gaussian pass at the needed columns of each needed row of `src` (row r starts at
 * `rowAt(r)`). Rows are taken two at a time for two independent sums (see verticalPass), each
 * summed in tap order.
 */
function horizontalPass(
  src: Float32Array,
  w: number,
  rowAt: (r: number) => number,
  nr: number,
  kx: Float64Array,
  cols: Int32Array,
) {
  const nc = cols.length;
  const out = new Float32Array(nr * nc);
  let r = 0;
  for (; r + 1 < nr; r += 2) {
    const [off0, off1] = [rowAt(r), rowAt(r + 1)];
    for (let c = 0; c < nc; c++) {
      const x = cols[c] as number;
      out[r * nc + c] = horizontalAt(src, off0, w, kx, x);
      out[(r + 1) * nc + c] = horizontalAt(src, off1, w, kx, x);
    }
  }
  for (; r < nr; r++)
    for (let c = 0; c < nc; c++)
      out[r * nc + c] = horizontalAt(src, rowAt(r), w, kx, cols[c] as number);
  return out;
}

/**
 * The anti-aliased image (Gaussian per axis, rows first, each pass stored as float32) at just the
 * points the interpolation reads: `rows.length × cols.length`, row-major. Each value is summed
 * in the same order as a full-image correlate1d pass, so it is the same float32.
 */
function blurredAt(
  img: FloatImage,
  sy: number,
  sx: number,
  rows: Int32Array,
  cols: Int32Array,
): Float32Array {
  const { width: w, data } = img;
  const nr = rows.length;
  const nc = cols.length;
  if (nr === 0 || nc === 0) return new Float32Array(nr * nc);
  const kx = sx > 0 ? gaussianKernel(sx) : null;
  const rx = kx === null ? 0 : (kx.length - 1) / 2;
  // the horizontal pass reads columns within its radius of a needed column
  const c0 = Math.max(0, (cols[0] ?? 0) - rx);
  const c1 = Math.min(w - 1, (cols[nc - 1] ?? 0) + rx);
  // the vertical pass keeps only the needed rows; without it they are read from the image
  const v = sy > 0 ? verticalPass(img, gaussianKernel(sy), rows, c0, c1) : null;
  const src = v ?? data;
  const rowAt = (r: number): number => (v === null ? (rows[r] ?? 0) : r) * w;
  if (kx !== null) return horizontalPass(src, w, rowAt, nr, kx, cols);
  const out = new Float32Array(nr * nc);
  for (let r = 0; r < nr; r++)
    for (let c = 0; c < nc; c++) out[r * nc + c] = src[rowAt(r) + (cols[c] ?? 0)] ?? 0;
  return out;
}

function range(data: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0;
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
  const { width: w, height: h } = img;
  const [lo, hi] = range(img.data);
  // anti_aliasing defaults to True when any axis shrinks; an axis with sigma 0 is skipped
  const sy = Math.max(0, (h / height - 1) / 2);
  const sx = Math.max(0, (w / width - 1) / 2);
  const ys = samples(height, h / height);
  const xs = samples(width, w / width);
  const rows = readIndices(ys.i0, h);
  const cols = readIndices(xs.i0, w);
  const nc = cols.list.length;
  const src = blurredAt(img, sy, sx, rows.list, cols.list);
  // `ndi.zoom` order 1, grid-constant: 0 outside the image
  const colAt = new Int32Array(width * 2);
  for (let ox = 0; ox < width; ox++) {
    const x0 = xs.i0[ox] ?? 0;
    colAt[2 * ox] = x0 >= 0 && x0 < w ? (cols.index[x0] ?? -1) : -1;
    colAt[2 * ox + 1] = x0 + 1 >= 0 && x0 + 1 < w ? (cols.index[x0 + 1] ?? -1) : -1;
  }
  const out = new Float32Array(width * height);
  for (let oy = 0; oy < height; oy++) {
    const y0 = ys.i0[oy] ?? 0;
    const ty = ys.t[oy] ?? 0;
    const r0 = y0 >= 0 && y0 < h ? (rows.index[y0] ?? -1) * nc : -1;
    const r1 = y0 + 1 >= 0 && y0 + 1 < h ? (rows.index[y0 + 1] ?? -1) * nc : -1;
    for (let ox = 0; ox < width; ox++) {
      const tx = xs.t[ox] ?? 0;
      const a = colAt[2 * ox] ?? -1;
      const b = colAt[2 * ox + 1] ?? -1;
      const v00 = r0 < 0 || a < 0 ? 0 : (src[r0 + a] ?? 0);
      const v01 = r0 < 0 || b < 0 ? 0 : (src[r0 + b] ?? 0);
      const v10 = r1 < 0 || a < 0 ? 0 : (src[r1 + a] ?? 0);
      const v11 = r1 < 0 || b < 0 ? 0 : (src[r1 + b] ?? 0);
      out[oy * width + ox] =
        (1 - ty) * ((1 - tx) * v00 + tx * v01) + ty * ((1 - tx) * v10 + tx * v11);
    }
  }
  const [olo, ohi] = range(out);
  const keepZero = !(lo <= 0 && 0 <= hi) && olo <= 0 && 0 <= ohi;
  const min = keepZero ? Math.min(lo, 0) : lo;
  const max = keepZero ? Math.max(hi, 0) : hi;
  for (let i = 0; i < out.length; i++) out[i] = Math.min(max, Math.max(min, out[i] ?? 0));
  return { width, height, data: out };
}
