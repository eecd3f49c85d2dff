/**
 * Runs the SIMD128 GEMM microkernel (simdKernel.ts) in a Worker of the benchmark page: one per
 * thread counted, started together, so the peak at N threads is measured, not assumed N× one.
 */
import { expose } from 'comlink';
import { A_OFFSET, B_OFFSET, FLOP_PER_K, MR, NR } from './simdKernel.ts';

interface Kernel {
  readonly gemm: (reps: number, k: number) => void;
}

let kernel: Kernel | null = null;

/** Short calls before timing: enough for V8's dynamic tiering to optimise the function. */
const TIER_UP_CALLS = 20_000;

const simdApi = {
  /**
   * Instantiates the kernel and fills its panels with small normal floats (no zeros or
   * denormals, whose handling could change the timing).
   * @param bytes the compiled module
   * @param k the panels' depth
   */
  async setup(bytes: readonly number[], k: number): Promise<void> {
    const { instance } = await WebAssembly.instantiate(new Uint8Array(bytes));
    const memory = instance.exports.memory as WebAssembly.Memory;
    new Float32Array(memory.buffer, A_OFFSET, MR * k).fill(1 / 1024);
    new Float32Array(memory.buffer, B_OFFSET, NR * k).fill(1 / 2048);
    const gemm = instance.exports.gemm as Kernel['gemm'];
    // V8 first runs WASM in its baseline compiler (Liftoff) and swaps in optimised code only
    // between calls (no on-stack replacement): many short calls first, so the timed calls run
    // TurboFan's code, as the long-running tfjs and ORT kernels do.
    for (let i = 0; i < TIER_UP_CALLS; i++) gemm(1, k);
    kernel = { gemm };
  },

  /**
   * @param reps microkernel calls
   * @param k the panels' depth
   * @returns GFLOP/s of this call
   */
  run(reps: number, k: number): number {
    if (kernel === null) throw new Error('setup first');
    const started = performance.now();
    kernel.gemm(reps, k);
    const seconds = (performance.now() - started) / 1000;
    return (reps * k * FLOP_PER_K) / seconds / 1e9;
  },
};

expose(simdApi);

export type SimdWorkerApi = typeof simdApi;
