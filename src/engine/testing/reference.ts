/**
 * Naive float64 references for the engine's kernels (tests only). Tensors are NHWC views:
 * pixel p = (y * w + x) sits at p * stride, its channels after it, as in engine/src/engine.h.
 */
export const ACT = {
  none: 0,
  relu: 1,
  relu6: 2,
  hardswish: 3,
  swish: 4,
  sigmoid: 5,
  hardsigmoid: 6,
} as const;
export type ActName = keyof typeof ACT;
export const ACT_NAMES = Object.keys(ACT) as ActName[];

const relu6 = (x: number): number => Math.min(Math.max(x, 0), 6);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function refAct(x: number, act: number): number {
  switch (act) {
    case ACT.relu:
      return Math.max(x, 0);
    case ACT.relu6:
      return relu6(x);
    case ACT.hardswish:
      return (x * relu6(x + 3)) / 6;
    case ACT.swish:
      return x * sigmoid(x);
    case ACT.sigmoid:
      return sigmoid(x);
    case ACT.hardsigmoid:
      return relu6(x + 3) / 6;
    default:
      return x;
  }
}

export interface View {
  data: Float32Array;
  h: number;
  w: number;
  c: number;
  stride: number;
}

export const at = (v: View, y: number, x: number, ch: number): number =>
  v.data[(y * v.w + x) * v.stride + ch] ?? Number.NaN;

/** A dense h x w x c result. */
export type Dense = Float64Array;

export interface Window {
  kh: number;
  kw: number;
  s: number;
  pt: number;
  pl: number;
  oh: number;
  ow: number;
}

/** Depthwise conv; w is [kh][kw][c]. */
export function refDwconv(
  x: View,
  w: Float32Array,
  bias: Float32Array,
  win: Window,
  act: number,
): Dense {
  const out = new Float64Array(win.oh * win.ow * x.c);
  for (let oy = 0; oy < win.oh; oy++)
    for (let ox = 0; ox < win.ow; ox++)
      for (let ch = 0; ch < x.c; ch++) {
        let acc = bias[ch] ?? Number.NaN;
        for (let ky = 0; ky < win.kh; ky++)
          for (let kx = 0; kx < win.kw; kx++) {
            const iy = oy * win.s - win.pt + ky;
            const ix = ox * win.s - win.pl + kx;
            if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) continue;
            acc += at(x, iy, ix, ch) * (w[(ky * win.kw + kx) * x.c + ch] ?? Number.NaN);
          }
        out[(oy * win.ow + ox) * x.c + ch] = refAct(acc, act);
      }
  return out;
}

/** Max (kind 'max') or average pooling with a square k x k window and padding `pad`. */
export function refPool(x: View, win: Window, kind: 'max' | 'avg', includePad: boolean): Dense {
  const out = new Float64Array(win.oh * win.ow * x.c);
  for (let oy = 0; oy < win.oh; oy++)
    for (let ox = 0; ox < win.ow; ox++)
      for (let ch = 0; ch < x.c; ch++) {
        let acc = kind === 'max' ? -Infinity : 0;
        let count = 0;
        for (let ky = 0; ky < win.kh; ky++)
          for (let kx = 0; kx < win.kw; kx++) {
            const iy = oy * win.s - win.pt + ky;
            const ix = ox * win.s - win.pl + kx;
            if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) continue;
            const v = at(x, iy, ix, ch);
            acc = kind === 'max' ? Math.max(acc, v) : acc + v;
            count++;
          }
        const div = includePad ? win.kh * win.kw : count;
        out[(oy * win.ow + ox) * x.c + ch] = kind === 'max' ? acc : acc / div;
      }
  return out;
}

export function refGap(x: View): Dense {
  const out = new Float64Array(x.c);
  for (let y = 0; y < x.h; y++)
    for (let i = 0; i < x.w; i++)
      for (let ch = 0; ch < x.c; ch++) out[ch] = (out[ch] ?? 0) + at(x, y, i, ch);
  return out.map((v) => v / (x.h * x.w));
}

/** Any per-element op: f(value of x, value of b or 0, channel). */
export function refMap(x: View, f: (v: number, ch: number, y: number, i: number) => number): Dense {
  const out = new Float64Array(x.h * x.w * x.c);
  for (let y = 0; y < x.h; y++)
    for (let i = 0; i < x.w; i++)
      for (let ch = 0; ch < x.c; ch++) out[(y * x.w + i) * x.c + ch] = f(at(x, y, i, ch), ch, y, i);
  return out;
}

/** Seeded PRNG (mulberry32): a failing shape can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
