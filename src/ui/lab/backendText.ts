/**
 * The backend badge's words for the WASM backend: what runs CPU inference (our engine's relaxed
 * SIMD or plain SIMD build, or tfjs-wasm when the engine cannot run), on how many threads, and
 * why it runs on one thread when it does (a page served without COOP/COEP is not cross-origin
 * isolated).
 */
import type { LatencyResult, WasmInfo } from '../../worker/protocol.ts';

const threadsText = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

/**
 * @param wasm the WASM backend's build and threads, with the engine on top of it
 * @returns e.g. "relaxed SIMD · 2 threads", "SIMD · 1 thread", or "tfjs-wasm · SIMD · 8 threads"
 *   when tfjs-wasm runs (the engine's fallback); "SIMD · 8 threads" before the engine existed
 */
export function wasmSummary(wasm: WasmInfo): string {
  const engine = wasm.engine;
  if (engine !== undefined && engine.runtime !== 'tfjs-wasm') {
    const isa = engine.runtime === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD';
    return `${isa} · ${threadsText(engine.threads)}`;
  }
  const tfjs = `${wasm.simd ? 'SIMD' : 'no SIMD'} · ${threadsText(wasm.threads)}`;
  return engine === undefined ? tfjs : `tfjs-wasm · ${tfjs}`;
}

/**
 * @param wasm the WASM backend's build and threads
 * @returns a short note when the page is not isolated (so threads are off), else null
 */
export function isolationNote(wasm: WasmInfo): string | null {
  return wasm.crossOriginIsolated ? null : 'not cross-origin isolated: single-threaded';
}

/**
 * @param wasm the WASM backend's build and threads
 * @returns the badge tooltip's lines about them: why one thread, why tfjs-wasm runs
 */
export function wasmReasons(wasm: WasmInfo): string[] {
  const engine = wasm.engine;
  const reasons = wasm.singleThreadReason ? [`wasm threads: ${wasm.singleThreadReason}`] : [];
  if (engine?.reason) {
    const what = engine.runtime === 'tfjs-wasm' ? 'engine: tfjs-wasm runs because' : 'engine:';
    reasons.push(`${what} ${engine.reason}`);
  }
  return reasons;
}

/**
 * @param r a latency measurement
 * @returns its backend and what ran the forward pass on it, e.g. "wasm · relaxed SIMD" (the
 *   engine), "wasm · tfjs-wasm" (the fallback) or "webgl" (tfjs on a GPU backend)
 */
export function latencyRuntime(r: Pick<LatencyResult, 'backend' | 'runtime'>): string {
  const names = { 'relaxed-simd': 'relaxed SIMD', simd: 'SIMD', 'tfjs-wasm': 'tfjs-wasm' } as const;
  return r.runtime === 'tfjs' || r.runtime === undefined
    ? r.backend
    : `${r.backend} · ${names[r.runtime]}`;
}
