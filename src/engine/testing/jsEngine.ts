/**
 * A plain-JavaScript implementation of the engine ABI (engine.h), naive loops in float64
 * accumulators: the oracle that tests the compiler and the memory plan apart from the C kernels
 * (the same compiled program runs on it and on the wasm builds). Not used in production.
 */
import type { EngineExports } from '../abi.ts';

type Run = () => void;
type V = [number, number, number, number, number]; // ptr, h, w, c, stride

/** PyTorch's activations, as engine.h defines ENG_ACT_*. */
function act(a: number, v: number): number {
  const hs = (x: number): number => Math.min(Math.max(x + 3, 0), 6) / 6;
  switch (a) {
    case 1:
      return Math.max(v, 0);
    case 2:
      return Math.min(Math.max(v, 0), 6);
    case 3:
      return v * hs(v);
    case 4:
      return v / (1 + Math.exp(-v));
    case 5:
      return 1 / (1 + Math.exp(-v));
    case 6:
      return hs(v);
    default:
      return v;
  }
}

/** @returns the exports and the memory (which grows by reallocation, as wasm memory does) */
export function jsEngine(): { exports: EngineExports; memory: { buffer: ArrayBuffer } } {
  const memory = { buffer: new ArrayBuffer(1 << 24) };
  let top = 64;
  const progs = new Map<number, Run[]>();
  let nextProg = 1;
  const F = (): Float32Array => new Float32Array(memory.buffer);
  const malloc = (bytes: number): number => {
    const p = top;
    top += Math.ceil(bytes / 64) * 64;
    if (top > memory.buffer.byteLength) {
      const grown = new ArrayBuffer(Math.max(top, 2 * memory.buffer.byteLength));
      new Uint8Array(grown).set(new Uint8Array(memory.buffer));
      memory.buffer = grown;
    }
    return p;
  };
  const at = (v: V, y: number, x: number, c: number): number =>
    v[0] / 4 + (y * v[2] + x) * v[4] + c;
  const push = (p: number, r: Run): number => {
    progs.get(p)?.push(r);
    return 0;
  };
  /** Packed: [K, N, w (K*N), bias (N)] as floats. */
  const packGemm = (w: number, b: number, K: number, N: number): number => {
    const p = malloc(4 * (2 + K * N + N));
    const f = F();
    f[p / 4] = K;
    f[p / 4 + 1] = N;
    f.copyWithin(p / 4 + 2, w / 4, w / 4 + K * N);
    if (b === 0) f.fill(0, p / 4 + 2 + K * N, p / 4 + 2 + K * N + N);
    else f.copyWithin(p / 4 + 2 + K * N, b / 4, b / 4 + N);
    return p;
  };
  const conv =
    (
      X: V,
      Y: V,
      k: [number, number, number, number, number, number],
      packed: number,
      a: number,
      dw: boolean,
    ): Run =>
    () => {
      const f = F();
      const [kh, kw, sh, sw, pt, pl] = k;
      const K = f[packed / 4] ?? 0;
      const N = f[packed / 4 + 1] ?? 0;
      const w0 = packed / 4 + 2;
      const cin = dw ? 1 : X[3];
      for (let oy = 0; oy < Y[1]; oy++)
        for (let ox = 0; ox < Y[2]; ox++)
          for (let n = 0; n < Y[3]; n++) {
            let s = f[w0 + K * N + n] ?? 0;
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * sh - pt + ky;
              if (iy < 0 || iy >= X[1]) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * sw - pl + kx;
                if (ix < 0 || ix >= X[2]) continue;
                const base = at(X, iy, ix, 0);
                const kb = w0 + (ky * kw + kx) * cin * N;
                if (dw) s += (f[base + n] ?? 0) * (f[kb + n] ?? 0);
                else
                  for (let ci = 0; ci < cin; ci++)
                    s += (f[base + ci] ?? 0) * (f[kb + ci * N + n] ?? 0);
              }
            }
            f[at(Y, oy, ox, n)] = act(a, s);
          }
    };
  const map = (X: V, Y: V, fn: (v: number, c: number, i: number) => number): void => {
    const f = F();
    for (let y = 0; y < X[1]; y++)
      for (let x = 0; x < X[2]; x++)
        for (let c = 0; c < X[3]; c++)
          f[at(Y, y, x, c)] = fn(f[at(X, y, x, c)] ?? 0, c, (y * X[2] + x) * X[3] + c);
  };
  const pool =
    (X: V, Y: V, k: number, s: number, pad: number, mode: 'max' | 'avg' | 'avgx'): Run =>
    () => {
      const f = F();
      for (let oy = 0; oy < Y[1]; oy++)
        for (let ox = 0; ox < Y[2]; ox++)
          for (let c = 0; c < X[3]; c++) {
            let acc = mode === 'max' ? -Infinity : 0;
            let cnt = 0;
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const iy = oy * s - pad + ky;
                const ix = ox * s - pad + kx;
                if (iy < 0 || iy >= X[1] || ix < 0 || ix >= X[2]) continue;
                const v = f[at(X, iy, ix, c)] ?? 0;
                acc = mode === 'max' ? Math.max(acc, v) : acc + v;
                cnt++;
              }
            f[at(Y, oy, ox, c)] = mode === 'max' ? acc : acc / (mode === 'avg' ? k * k : cnt);
          }
    };
  const exports: Partial<EngineExports> = {
    eng_malloc: malloc,
    eng_free: () => undefined,
    eng_allocated: () => top,
    eng_pack_gemm: packGemm,
    eng_pack_dw: (w, b, kh, kw, c) => packGemm(w, b, kh * kw, c),
    eng_prog_new: () => {
      progs.set(nextProg, []);
      return nextProg++;
    },
    eng_prog_free: (p) => void progs.delete(p),
    eng_prog_ops: (p) => progs.get(p)?.length ?? 0,
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
      packed,
      a,
    ) =>
      push(
        p,
        conv(
          [xp, xh, xw, xc, xs],
          [yp, yh, yw, yc, ys],
          [kh, kw, sh, sw, pt, pl],
          packed,
          a,
          false,
        ),
      ),
    eng_op_dwconv: (p, xp, xh, xw, xc, xs, yp, yh, yw, yc, ys, kh, kw, s, pt, pl, packed, a) =>
      push(
        p,
        conv([xp, xh, xw, xc, xs], [yp, yh, yw, yc, ys], [kh, kw, s, s, pt, pl], packed, a, true),
      ),
    eng_op_affine: (p, xp, xh, xw, xc, xs, yp, ys, ss, a) =>
      push(p, () => {
        const f = F();
        map([xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v, c) =>
          act(a, v * (f[ss / 4 + c] ?? 0) + (f[ss / 4 + xc + c] ?? 0)),
        );
      }),
    eng_op_act: (p, xp, xh, xw, xc, xs, yp, ys, a) =>
      push(p, () => map([xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v) => act(a, v))),
    eng_op_copy: (p, xp, xh, xw, xc, xs, yp, ys) =>
      push(p, () => map([xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v) => v)),
    eng_op_maxpool: (p, xp, xh, xw, xc, xs, yp, yh, yw, ys, k, s, pad) =>
      push(p, pool([xp, xh, xw, xc, xs], [yp, yh, yw, xc, ys], k, s, pad, 'max')),
    eng_op_avgpool: (p, xp, xh, xw, xc, xs, yp, yh, yw, ys, k, s, pad, cip) =>
      push(p, pool([xp, xh, xw, xc, xs], [yp, yh, yw, xc, ys], k, s, pad, cip ? 'avg' : 'avgx')),
    eng_op_gap: (p, xp, xh, xw, xc, xs, yp) =>
      push(p, pool([xp, xh, xw, xc, xs], [yp, 1, 1, xc, xc], Math.max(xh, xw), 1, 0, 'avgx')),
    eng_op_add: (p, ap, as, bp, bs, h, w, c, yp, ys, a) =>
      push(p, () => {
        const f = F();
        map([ap, h, w, c, as], [yp, h, w, c, ys], (v, ch, i) =>
          act(a, v + (f[bp / 4 + Math.floor(i / c) * bs + ch] ?? 0)),
        );
      }),
    eng_op_scale_channels: (p, xp, xh, xw, xc, xs, g, yp, ys) =>
      push(p, () => {
        const f = F();
        map([xp, xh, xw, xc, xs], [yp, xh, xw, xc, ys], (v, c) => v * (f[g / 4 + c] ?? 0));
      }),
    eng_run: (p) => {
      for (const r of progs.get(p) ?? []) r();
      return 0;
    },
    eng_build_relaxed: () => 0,
  };
  return { exports: exports as EngineExports, memory };
}
