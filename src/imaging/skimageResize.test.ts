import { describe, expect, it } from 'vitest';
import { readTorchFixtureJson } from '../test/torchFixtures.ts';
import { uniform } from '../zoo/weights/synthetic.ts';
import { skimageResize, type FloatImage } from './skimageResize.ts';

interface Case {
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly seed: string;
  readonly values: readonly number[];
}
const REF = readTorchFixtureJson<{ skimage: string; cases: Case[] }>('skimage_resize.json');

describe(`scikit-image ${REF.skimage} resize (mode constant, preserve_range, anti-aliased)`, () => {
  it.each(
    REF.cases.map((c) => [`${c.height}x${c.width} -> ${c.outHeight}x${c.outWidth}`, c] as const),
  )('%s matches to float32 rounding', (_label, c) => {
    const data = Float32Array.from(uniform(c.seed, c.height * c.width), (u) => (u * 2 - 1) * 1024);
    const out = skimageResize({ width: c.width, height: c.height, data }, c.outWidth, c.outHeight);
    expect(out.data).toHaveLength(c.values.length);
    const err = c.values.reduce((m, v, i) => Math.max(m, Math.abs((out.data[i] ?? NaN) - v)), 0);
    // 8 significant digits in the fixture; the input range is [-1024, 1024]
    expect(err).toBeLessThan(2e-4);
  });

  it('keeps a constant image constant: the darkened border is clipped to the input range', () => {
    const data = new Float32Array(40 * 40).fill(100);
    const out = skimageResize({ width: 40, height: 40, data }, 10, 10);
    expect(new Set(out.data)).toEqual(new Set([100]));
  });
});

/** The full-image implementation the fast path replaced: blur every pixel, then interpolate. */
function referenceResize(img: FloatImage, width: number, height: number): Float32Array {
  const kernel = (sigma: number): Float64Array => {
    const radius = Math.trunc(4 * sigma + 0.5);
    const k = new Float64Array(2 * radius + 1);
    let sum = 0;
    for (let i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp((-0.5 / (sigma * sigma)) * i * i);
      sum += k[i + radius] ?? 0;
    }
    return k.map((v) => v / sum);
  };
  const blur = (src: FloatImage, sigma: number, vertical: boolean): Float32Array => {
    const { width: w, height: h, data } = src;
    const k = kernel(sigma);
    const r = (k.length - 1) / 2;
    const out = new Float32Array(w * h);
    const n = vertical ? h : w;
    const step = vertical ? w : 1;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const pos = vertical ? y : x;
        let acc = 0;
        for (let i = Math.max(-r, -pos); i <= Math.min(r, n - 1 - pos); i++)
          acc += (k[i + r] ?? 0) * (data[y * w + x + i * step] ?? 0);
        out[y * w + x] = acc;
      }
    return out;
  };
  const range = (d: Float32Array): [number, number] => [Math.min(...d), Math.max(...d)];
  const [lo, hi] = range(img.data);
  let src = img;
  const sy = Math.max(0, (img.height / height - 1) / 2);
  const sx = Math.max(0, (img.width / width - 1) / 2);
  if (sy > 0) src = { ...src, data: blur(src, sy, true) };
  if (sx > 0) src = { ...src, data: blur(src, sx, false) };
  const { width: w, height: h, data } = src;
  const at = (y: number, x: number): number =>
    y < 0 || y >= h || x < 0 || x >= w ? 0 : (data[y * w + x] ?? 0);
  const out = new Float32Array(width * height);
  for (let oy = 0; oy < height; oy++) {
    const cy = (oy + 0.5) * (h / height) - 0.5;
    const y0 = Math.floor(cy);
    const ty = cy - y0;
    for (let ox = 0; ox < width; ox++) {
      const cx = (ox + 0.5) * (w / width) - 0.5;
      const x0 = Math.floor(cx);
      const tx = cx - x0;
      out[oy * width + ox] =
        (1 - ty) * ((1 - tx) * at(y0, x0) + tx * at(y0, x0 + 1)) +
        ty * ((1 - tx) * at(y0 + 1, x0) + tx * at(y0 + 1, x0 + 1));
    }
  }
  const [olo, ohi] = range(out);
  const keepZero = !(lo <= 0 && 0 <= hi) && olo <= 0 && 0 <= ohi;
  const min = keepZero ? Math.min(lo, 0) : lo;
  const max = keepZero ? Math.max(hi, 0) : hi;
  return out.map((v) => Math.min(max, Math.max(min, v)));
}

describe('skimageResize blurs only where the interpolation reads', () => {
  const sizes: readonly (readonly [number, number, number, number])[] = [
    [97, 61, 23, 17], // shrink both, odd
    [61, 97, 224, 31], // grow x, shrink y
    [33, 129, 7, 200], // shrink x, grow y
    [41, 37, 113, 91], // grow both: no blur
    [255, 255, 224, 224], // barely shrinking
    [301, 211, 32, 29], // strong shrink, wide kernel
    [50, 50, 1, 1],
    [19, 23, 3, 45],
  ];
  it.each(sizes)('%ix%i -> %ix%i equals the full-image blur, bit for bit', (w, h, ow, oh) => {
    for (const seed of ['a', 'b']) {
      const data = Float32Array.from(uniform(`${seed}${w}${h}`, w * h), (u) => (u - 0.3) * 900);
      const img = { width: w, height: h, data };
      const fast = skimageResize(img, ow, oh).data;
      const ref = referenceResize(img, ow, oh);
      expect(fast).toHaveLength(ref.length);
      // same sums in the same order (interleaved, never reordered): the same float32s
      expect(Array.from(fast)).toEqual(Array.from(ref));
    }
  });
});
