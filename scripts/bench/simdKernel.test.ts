/**
 * The SIMD128 microkernel computes the product it is timed on (so its FLOP count is real work):
 * C = reps · A·B for a 4×K by K×8 product, against a plain loop.
 */
import { describe, expect, it } from 'vitest';
import { A_OFFSET, B_OFFSET, compileSimdGemm, FLOP_PER_K, MAX_K, MR, NR } from './simdKernel.ts';

describe('SIMD128 GEMM microkernel', () => {
  it('accumulates reps × A·B in its 4×8 block', async () => {
    const { instance } = await WebAssembly.instantiate(new Uint8Array(await compileSimdGemm()));
    const memory = instance.exports.memory as WebAssembly.Memory;
    const gemm = instance.exports.gemm as (reps: number, k: number) => void;
    const k = 12;
    const a = new Float32Array(memory.buffer, A_OFFSET, MR * k); // k-major: a[k * MR + r]
    const b = new Float32Array(memory.buffer, B_OFFSET, NR * k); // k-major: b[k * NR + c]
    a.forEach((_, i) => (a[i] = ((i * 7) % 11) - 5));
    b.forEach((_, i) => (b[i] = ((i * 5) % 13) - 6));
    gemm(3, k);
    // Accumulators are stored row by row, two 4-lane vectors per row, at byte 32768.
    const c = new Float32Array(memory.buffer, 32768, MR * NR);
    for (let r = 0; r < MR; r++)
      for (let col = 0; col < NR; col++) {
        let want = 0;
        for (let i = 0; i < k; i++) want += (a[i * MR + r] ?? 0) * (b[i * NR + col] ?? 0);
        expect(c[r * NR + col]).toBe(3 * want);
      }
  });

  it('counts 64 FLOP per k step and keeps both panels within its memory plan', () => {
    expect(FLOP_PER_K).toBe(64);
    expect(A_OFFSET + MR * 4 * MAX_K).toBeLessThanOrEqual(B_OFFSET);
    expect(MAX_K % 4).toBe(0);
  });
});
