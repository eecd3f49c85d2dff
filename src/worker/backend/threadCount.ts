/**
 * The WASM thread count rule, tfjs-free so that browser tests and the benchmark can apply it too.
 */

/**
 * At most 8 threads. tfjs 4.22's threaded build pre-starts a pool of 8 pthread Workers
 * (Emscripten PTHREAD_POOL_SIZE, `pthreadPoolSize=8` in wasm-out/tfjs-backend-wasm-threaded-simd.js)
 * and its backend.cc caps XNNPACK's pool at 8 too; batch-1 inference also gains little beyond that.
 */
export const MAX_WASM_THREADS = 8;

/**
 * @param requested threads asked for (e.g. `?threads=`), or undefined for the default
 * @param cores logical cores (`navigator.hardwareConcurrency`; undefined where unknown)
 * @returns the count to ask tfjs for: requested or all cores, at least 1, at most MAX_WASM_THREADS
 */
export function wasmThreadCount(requested: number | undefined, cores: number | undefined): number {
  const wanted = requested ?? cores ?? 1;
  if (!Number.isFinite(wanted)) return 1;
  return Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor(wanted)));
}
