/**
 * Naive float64 reference of the engine's convolution (engine/src/gemm.c) for kernel tests:
 * NHWC input, HWIO weights, zero padding, stride and dilation per axis, bias, then the fused
 * activation. Written the obvious way on purpose: it is what the kernels are checked against.
 */

import { ACT, refAct, type ActName } from './reference.ts';

// The activations are the kernels' shared reference (reference.ts), named here by key.
export { ACT, type ActName };

export function activate(x: number, act: ActName): number {
  return refAct(x, ACT[act]);
}

export interface ConvShape {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  /** Padding top, left, bottom, right. */
  readonly pad: readonly [number, number, number, number];
  readonly dh: number;
  readonly dw: number;
}

export function outputSize(s: ConvShape): { oh: number; ow: number } {
  const oh = Math.floor((s.h + s.pad[0] + s.pad[2] - s.dh * (s.kh - 1) - 1) / s.sh) + 1;
  const ow = Math.floor((s.w + s.pad[1] + s.pad[3] - s.dw * (s.kw - 1) - 1) / s.sw) + 1;
  return { oh, ow };
}

/**
 * @param x input, contiguous [h][w][cin]
 * @param wt weights [kh][kw][cin][cout]
 * @returns [oh][ow][cout] in float64
 */
export function convReference(
  s: ConvShape,
  x: Float32Array,
  wt: Float32Array,
  bias: Float32Array,
  act: ActName,
): Float64Array {
  const { oh, ow } = outputSize(s);
  const y = new Float64Array(oh * ow * s.cout);
  for (let oy = 0; oy < oh; oy++)
    for (let ox = 0; ox < ow; ox++)
      for (let n = 0; n < s.cout; n++) {
        let acc = bias[n] ?? 0;
        for (let i = 0; i < s.kh; i++) {
          const iy = oy * s.sh - s.pad[0] + i * s.dh;
          if (iy < 0 || iy >= s.h) continue;
          for (let j = 0; j < s.kw; j++) {
            const ix = ox * s.sw - s.pad[1] + j * s.dw;
            if (ix < 0 || ix >= s.w) continue;
            const xo = (iy * s.w + ix) * s.cin;
            const wo = (i * s.kw + j) * s.cin * s.cout + n;
            for (let c = 0; c < s.cin; c++) acc += (x[xo + c] ?? 0) * (wt[wo + c * s.cout] ?? 0);
          }
        }
        y[(oy * ow + ox) * s.cout + n] = activate(acc, act);
      }
  return y;
}

/** Deterministic uniform numbers in [-1, 1) (mulberry32), so a failure reproduces. */
export function seededUniform(seed: number): (n: number) => Float32Array {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => Float32Array.from({ length: n }, () => next() * 2 - 1);
}
