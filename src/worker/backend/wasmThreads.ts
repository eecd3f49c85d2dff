/**
 * How many threads the WASM backend runs, and what the badge says about it.
 *
 * Threads need the threaded WASM build, which needs SharedArrayBuffer, which browsers give only
 * to cross-origin isolated pages (COOP + COEP headers: see scripts/vite/isolation.ts). tfjs
 * decides by itself (`WASM_HAS_MULTITHREAD_SUPPORT`) and falls back to the single-threaded SIMD
 * build; this module only chooses the count and reports what tfjs actually did.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { WasmInfo } from '../protocol.ts';

/**
 * At most 8 threads. tfjs 4.22's threaded build pre-starts a pool of 8 pthread Workers
 * (Emscripten PTHREAD_POOL_SIZE, `pthreadPoolSize=8` in wasm-out/tfjs-backend-wasm-threaded-simd.js)
 * and XNNPACK's pool uses the calling thread too; asking for more would start Workers while the
 * backend's constructor blocks waiting for them. Batch-1 inference also gains little beyond that.
 */
export const MAX_WASM_THREADS = 8;

/** Set once the WASM backend has been initialised: its thread count is fixed from then on. */
let configured: number | null = null;

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

/**
 * Tells tfjs how many threads to start, before the WASM backend initialises (later calls can
 * no longer change it: the first count sticks for the worker's life).
 * @param requested threads asked for, or undefined for all cores (capped)
 * @returns the count that will be asked for
 */
export function prepareWasmThreads(requested?: number): number {
  if (configured !== null) return configured;
  const count = wasmThreadCount(requested, globalThis.navigator?.hardwareConcurrency);
  setThreadsCount(count);
  return count;
}

/** Call once the WASM backend is active: the count can no longer change. */
export function wasmThreadsFixed(): void {
  configured ??= getThreadsCount();
}

/**
 * @returns what the active WASM backend runs: SIMD, the real thread count, isolation, and why
 *   it is single-threaded when it is
 */
export async function readWasmInfo(): Promise<WasmInfo> {
  const [simd, threadedBuild] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  const isolated = globalThis.crossOriginIsolated === true;
  const threads = threadedBuild === true ? getThreadsCount() : 1;
  return {
    simd: simd === true,
    threads,
    crossOriginIsolated: isolated,
    singleThreadReason: singleThreadReason(isolated, threadedBuild === true, threads),
  };
}

function singleThreadReason(
  isolated: boolean,
  threadedBuild: boolean,
  threads: number,
): string | null {
  if (!isolated)
    return 'the page is not cross-origin isolated (its host sends no COOP/COEP headers), so WASM runs on one thread';
  if (!threadedBuild) return 'this browser cannot run threaded WASM';
  return threads === 1 ? 'one thread was asked for' : null;
}
