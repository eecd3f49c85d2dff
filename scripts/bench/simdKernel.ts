/**
 * The WASM SIMD128 matrix-multiply peak: a register-blocked f32 GEMM microkernel, the inner loop
 * of every fast CPU matmul (and of XNNPACK's `f32-gemm-4x8-wasmsimd` kernels that tfjs-wasm
 * runs), written in WebAssembly text and compiled here with wabt.
 *
 * C[4×8] += A[4×K] · B[K×8]: per k, two v128 loads of B's row, four `v128.load32_splat` of A's
 * column, and 8 `f32x4.mul` + 8 `f32x4.add` into 8 accumulator registers (SIMD128 has no fused
 * multiply-add, so each multiply-add is two instructions): 64 FLOP per k. A and B panels (4 KB
 * and 8 KB at K = 256) stay in L1, so nothing but the core's SIMD multiply and add throughput
 * limits it: the ceiling any WASM SIMD128 convolution or matmul can approach on this machine.
 * The accumulators (12 vector registers with the operands) fit the 16 x64 XMM registers V8 uses.
 */
import wabtInit from 'wabt';

/** Rows and columns of the register block, and k steps per loop iteration. */
export const MR = 4;
export const NR = 8;
const UNROLL = 4;
/** FLOP per k step: MR × NR multiply-adds, two FLOP each. */
export const FLOP_PER_K = 2 * MR * NR;
/** Byte offsets of the packed panels and the accumulator store in the module's memory. */
export const A_OFFSET = 0;
export const B_OFFSET = 8192;
const C_OFFSET = 32768;
/** Largest K the panels' room allows (A: 16 B per k below B_OFFSET; B: 32 B per k below C). */
export const MAX_K = Math.min(B_OFFSET / (MR * 4), (C_OFFSET - B_OFFSET) / (NR * 4));

const acc = (r: number, c: number): string => `$c${r}${c}`;

/** One k step (offset `u`): load B's row, then per row splat A and multiply-add into C. */
function kStep(u: number): string {
  const lines = [
    `(local.set $b0 (v128.load offset=${u * NR * 4} (local.get $b)))`,
    `(local.set $b1 (v128.load offset=${u * NR * 4 + 16} (local.get $b)))`,
  ];
  for (let r = 0; r < MR; r++) {
    lines.push(`(local.set $x (v128.load32_splat offset=${(u * MR + r) * 4} (local.get $a)))`);
    for (let c = 0; c < NR / 4; c++)
      lines.push(
        `(local.set ${acc(r, c)} (f32x4.add (local.get ${acc(r, c)}) (f32x4.mul (local.get $x) (local.get $b${c}))))`,
      );
  }
  return lines.join('\n');
}

/**
 * @returns the module's text: `gemm(reps, K)` runs the microkernel over the packed panels `reps`
 *   times (K a positive multiple of 4, at most MAX_K) and stores the accumulators
 */
export function simdGemmWat(): string {
  const accs: string[] = [];
  for (let r = 0; r < MR; r++) for (let c = 0; c < NR / 4; c++) accs.push(acc(r, c));
  const steps = Array.from({ length: UNROLL }, (_, u) => kStep(u)).join('\n');
  const stores = accs
    .map((a, i) => `(v128.store (i32.const ${C_OFFSET + 16 * i}) (local.get ${a}))`)
    .join('\n');
  return `(module
  (memory (export "memory") 1)
  (func (export "gemm") (param $reps i32) (param $K i32)
    (local $a i32) (local $b i32) (local $k i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    ${accs.map((a) => `(local ${a} v128)`).join(' ')}
    (loop $rep
      (local.set $a (i32.const ${A_OFFSET}))
      (local.set $b (i32.const ${B_OFFSET}))
      (local.set $k (local.get $K))
      (loop $kloop
        ${steps}
        (local.set $a (i32.add (local.get $a) (i32.const ${UNROLL * MR * 4})))
        (local.set $b (i32.add (local.get $b) (i32.const ${UNROLL * NR * 4})))
        (br_if $kloop (local.tee $k (i32.sub (local.get $k) (i32.const ${UNROLL}))))
      )
      (br_if $rep (local.tee $reps (i32.sub (local.get $reps) (i32.const 1))))
    )
    ${stores}
  )
)`;
}

/** @returns the microkernel as a WebAssembly binary (SIMD128 only: no threads, no relaxed SIMD) */
export async function compileSimdGemm(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('simd-gemm.wat', simdGemmWat(), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
