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
import { wasmThreadCount } from './threadCount.ts';

/** Set once the WASM backend has been initialised: its thread count is fixed from then on. */
let configured: number | null = null;

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
