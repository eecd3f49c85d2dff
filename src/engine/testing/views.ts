/**
 * Test helpers: random input views (channel slices of wider buffers included) and output views
 * whose channels outside the slice hold a sentinel, so a kernel writing past its slice fails.
 */
import { expect } from 'vitest';
import type { EngineHarness } from './wasmHarness';
import type { Dense, View } from './reference';

export const SENTINEL = 1234.5;

export interface InView {
  ptr: number;
  view: View;
}

/** Random values in [-1, 1); the view starts `off` channels into a buffer of `stride` per pixel. */
export function putView(
  e: EngineHarness,
  rand: () => number,
  h: number,
  w: number,
  c: number,
  stride = c,
): InView {
  const off = Math.floor(rand() * (stride - c + 1));
  const data = new Float32Array(h * w * stride + off).map(() => rand() * 2 - 1);
  const ptr = e.put(data) + off * 4;
  return { ptr, view: { data: data.subarray(off), h, w, c, stride } };
}

export interface OutView {
  ptr: number;
  stride: number;
  /** The view's values, dense h*w*c; fails if a float outside the slice changed. */
  read(): Float32Array;
}

export function outView(e: EngineHarness, h: number, w: number, c: number, stride = c): OutView {
  const off = stride - c;
  const total = h * w * stride;
  const base = e.alloc(total, SENTINEL);
  return {
    ptr: base + off * 4,
    stride,
    read() {
      const all = e.get(base, total);
      const out = new Float32Array(h * w * c);
      for (let p = 0; p < h * w; p++) {
        for (let ch = 0; ch < stride; ch++) {
          const v = all[p * stride + ch] ?? Number.NaN;
          if (ch >= off) out[p * c + ch - off] = v;
          else if (v !== SENTINEL)
            throw new Error(`pixel ${p} channel ${ch} outside the slice was written`);
        }
      }
      return out;
    },
  };
}

/**
 * Relative 1e-5 (with an absolute floor of 1e-5 for values near zero): the relaxed build's FMA
 * rounds once where plain SIMD rounds twice, so the builds differ from each other and from
 * float64 by a few ULP, far inside this bound; an indexing bug is off by O(1).
 */
export function expectClose(got: Float32Array, ref: Dense, label: string, rtol = 1e-5): void {
  expect(got.length, label).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    const [g, r] = [got[i] ?? Number.NaN, ref[i] ?? Number.NaN];
    if (!(Math.abs(g - r) <= rtol * Math.max(1, Math.abs(r)))) {
      expect.fail(`${label}: element ${i} is ${g}, reference ${r}`);
    }
  }
}
