/**
 * A plain-JavaScript implementation of the engine ABI (engine.h), naive loops with float64
 * accumulators: the oracle that tests the compiler and the memory plan apart from the C kernels
 * (the same compiled program runs on it and on the wasm builds). Not used in production.
 */
import type { EngineExports } from '../abi.ts';

type Run = () => void;
/** A view: ptr (bytes), h, w, c, stride (floats). */
type V = readonly [number, number, number, number, number];

/** The memory, growing by reallocation as wasm memory does (old views detach). */
class Heap {
  buffer = new ArrayBuffer(1 << 24);
  private top = 64;
  get f(): Float32Array {
    return new Float32Array(this.buffer);
  }
  get allocated(): number {
    return this.top;
  }
  malloc(bytes: number): number {
    const p = this.top;
    this.top += Math.ceil(bytes / 64) * 64;
    if (this.top > this.buffer.byteLength) {
      const grown = new ArrayBuffer(Math.max(this.top, 2 * this.buffer.byteLength));
      new Uint8Array(grown).set(new Uint8Array(this.buffer));
      this.buffer = grown;
    }
    return p;
  }
}

/** PyTorch's activations, as engine.h defines ENG_ACT_*. */
function act(a: number, v: number): number {
  const hs = (x: number): number => Math.min(Math.max(x + 3, 0), 6) / 6;
  const fns: Record<number, (x: number) => number> = {
    1: (x) => Math.max(x, 0),
    2: (x) => Math.min(Math.max(x, 0), 6),
    3: (x) => x * hs(x),
    4: (x) => x / (1 + Math.exp(-x)),
    5: (x) => 1 / (1 + Math.exp(-x)),
    6: hs,
  };
  return fns[a]?.(v) ?? v;
}

const at = (v: V, y: number, x: number, c: number): number => v[0] / 4 + (y * v[2] + x) * v[4] + c;

/** Packed weights: [K, N, w (K*N), bias (N)] as floats. */
function packGemm(h: Heap, w: number, b: number, K: number, N: number): number {
  const p = h.malloc(4 * (2 + K * N + N));
  const f = h.f;
  f[p / 4] = K;
  f[p / 4 + 1] = N;
  f.copyWithin(p / 4 + 2, w / 4, w / 4 + K * N);
  if (b === 0) f.fill(0, p / 4 + 2 + K * N, p / 4 + 2 + K * N + N);
  else f.copyWithin(p / 4 + 2 + K * N, b / 4, b / 4 + N);
  return p;
}

/** One output of a conv (dense or depthwise) before its activation. */
function convAt(
  f: Float32Array,
  X: V,
  k: readonly number[],
  w0: number,
  N: number,
  o: readonly number[],
  dw: boolean,
): number {
  const [kh = 0, kw = 0, sh = 0, sw = 0, pt = 0, pl = 0] = k;
  const [oy = 0, ox = 0, n = 0] = o;
  const cin = dw ? 1 : X[3];
  let s = 0;
  for (let ky = 0; ky < kh; ky++) {
    const iy = oy * sh - pt + ky;
    for (let kx = 0; kx < kw && iy >= 0 && iy < X[1]; kx++) {
      const ix = ox * sw - pl + kx;
      if (ix < 0 || ix >= X[2]) continue;
      const base = at(X, iy, ix, 0);
      const kb = w0 + (ky * kw + kx) * cin * N;
      if (dw) s += (f[base + n] ?? 0) * (f[kb + n] ?? 0);
      else for (let ci = 0; ci < cin; ci++) s += (f[base + ci] ?? 0) * (f[kb + ci * N + n] ?? 0);
    }
  }
  return s;
}

function conv(
  h: Heap,
  X: V,
  Y: V,
  k: readonly number[],
  packed: number,
  a: number,
  dw: boolean,
): Run {
  return () => {
    const f = h.f;
    const K = f[packed / 4] ?? 0;
    const N = f[packed / 4 + 1] ?? 0;
    const w0 = packed / 4 + 2;
    for (let oy = 0; oy < Y[1]; oy++)
      for (let ox = 0; ox < Y[2]; ox++)
        for (let n = 0; n < Y[3]; n++) {
          const s = (f[w0 + K * N + n] ?? 0) + convAt(f, X, k, w0, N, [oy, ox, n], dw);
          f[at(Y, oy, ox, n)] = act(a, s);
        }
  };
}

/** y[p][c] = fn(x[p][c], c, p) over a whole view. */
function map(h: Heap, X: V, Y: V, fn: (v: number, c: number, p: number) => number): Run {
  return () => {
    const f = h.f;
    for (let p = 0; p < X[1] * X[2]; p++)
      for (let c = 0; c < X[3]; c++)
        f[Y[0] / 4 + p * Y[4] + c] = fn(f[X[0] / 4 + p * X[4] + c] ?? 0, c, p);
  };
}

type PoolMode = 'max' | 'avg' | 'avgx';

function poolAt(
  f: Float32Array,
  X: V,
  o: readonly number[],
  win: readonly number[],
  mode: PoolMode,
): number {
  const [oy = 0, ox = 0, c = 0] = o;
  const [kh = 0, kw = 0, s = 0, pad = 0] = win;
  let acc = mode === 'max' ? -Infinity : 0;
  let cnt = 0;
  for (let ky = 0; ky < kh; ky++)
    for (let kx = 0; kx < kw; kx++) {
      const iy = oy * s - pad + ky;
      const ix = ox * s - pad + kx;
      if (iy < 0 || iy >= X[1] || ix < 0 || ix >= X[2]) continue;
      const v = f[at(X, iy, ix, c)] ?? 0;
      acc = mode === 'max' ? Math.max(acc, v) : acc + v;
      cnt++;
    }
  return mode === 'max' ? acc : acc / (mode === 'avg' ? kh * kw : cnt);
}

function pool(h: Heap, X: V, Y: V, win: readonly number[], mode: PoolMode): Run {
  return () => {
    const f = h.f;
    for (let oy = 0; oy < Y[1]; oy++)
      for (let ox = 0; ox < Y[2]; ox++)
        for (let c = 0; c < X[3]; c++) f[at(Y, oy, ox, c)] = poolAt(f, X, [oy, ox, c], win, mode);
  };
}

type I = number;

/** The op exports: each appends a closure to its program. */
function ops(h: Heap, push: (p: I, r: Run) => I): Partial<EngineExports> {
  const f = (): Float32Array => h.f;
  return {
    eng_op_conv: (
      p,
      xp,
      xh,
      xw,
      xc,
      xs,
      yp,
      yh,
      yw,
      yc,
      ys,
      kh,
      kw,
      sh,
      sw,
      pt,
      pl,
      _dh,
      _dw,
      w,
      a,
    ) =>
      push(
        p,
        conv(h, [xp, xh, xw, xc, xs], [yp, yh, yw, yc, ys], [kh, kw, sh, sw, pt, pl], w, a, false),
      ),
    eng_op_dwconv: (p, xp, xh, xw, xc, xs, yp, yh, yw, yc, ys, kh, kw, s, pt, pl, w, a) =>
      push(
        p,
        conv(h, [xp, xh, xw, xc, xs], [yp, yh, yw, yc, ys], [kh, kw, s, s, pt, pl], w, a, true),
      ),
    eng_op_affine: (p, xp, xh, xw, xc, xs, yp, ys, ss, a) =>
      push(
        p,
        map(h, [xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v, c) =>
          act(a, v * (f()[ss / 4 + c] ?? 0) + (f()[ss / 4 + xc + c] ?? 0)),
        ),
      ),
    eng_op_act: (p, xp, xh, xw, xc, xs, yp, ys, a) =>
      push(
        p,
        map(h, [xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v) => act(a, v)),
      ),
    eng_op_copy: (p, xp, xh, xw, xc, xs, yp, ys) =>
      push(
        p,
        map(h, [xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v) => v),
      ),
    eng_op_maxpool: (p, xp, xh, xw, xc, xs, yp, yh, yw, ys, k, s, pad) =>
      push(p, pool(h, [xp, xh, xw, xc, xs], [yp, yh, yw, xc, ys], [k, k, s, pad], 'max')),
    eng_op_avgpool: (p, xp, xh, xw, xc, xs, yp, yh, yw, ys, k, s, pad, cip) =>
      push(
        p,
        pool(h, [xp, xh, xw, xc, xs], [yp, yh, yw, xc, ys], [k, k, s, pad], cip ? 'avg' : 'avgx'),
      ),
    eng_op_gap: (p, xp, xh, xw, xc, xs, yp) =>
      push(p, pool(h, [xp, xh, xw, xc, xs], [yp, 1, 1, xc, xc], [xh, xw, 1, 0], 'avgx')),
    eng_op_add: (p, ap, as, bp, bs, hh, w, c, yp, ys, a) =>
      push(
        p,
        map(h, [ap, hh, w, c, as], [yp, hh, w, c, ys], (v, ch, px) =>
          act(a, v + (f()[bp / 4 + px * bs + ch] ?? 0)),
        ),
      ),
    eng_op_scale_channels: (p, xp, xh, xw, xc, xs, g, yp, ys) =>
      push(
        p,
        map(h, [xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v, c) => v * (f()[g / 4 + c] ?? 0)),
      ),
  };
}

/** @returns the exports and the memory */
export function jsEngine(): { exports: EngineExports; memory: { readonly buffer: ArrayBuffer } } {
  const h = new Heap();
  const progs = new Map<number, Run[]>();
  let progId = 0;
  const push = (p: number, r: Run): number => (progs.get(p)?.push(r), 0);
  const exports: Partial<EngineExports> = {
    eng_malloc: (bytes) => h.malloc(bytes),
    eng_free: () => undefined,
    eng_allocated: () => h.allocated,
    eng_pack_gemm: (w, b, K, N) => packGemm(h, w, b, K, N),
    eng_pack_dw: (w, b, kh, kw, c) => packGemm(h, w, b, kh * kw, c),
    eng_prog_new: () => (progs.set(++progId, []), progId),
    eng_prog_free: (p) => void progs.delete(p),
    eng_prog_ops: (p) => progs.get(p)?.length ?? 0,
    ...ops(h, push),
    eng_run: (p) => (progs.get(p)?.forEach((r) => r()), 0),
    eng_build_relaxed: () => 0,
  };
  return { exports: exports as EngineExports, memory: h };
}
