/**
 * The backend badge's words for the WASM backend: its build and threads, and why it runs on one
 * thread when it does (a page served without COOP/COEP is not cross-origin isolated).
 */
import type { WasmInfo } from '../../worker/protocol.ts';

/**
 * @param wasm the WASM backend's build and threads
 * @returns e.g. "SIMD · 8 threads" or "SIMD · 1 thread"
 */
export function wasmSummary(wasm: WasmInfo): string {
  const threads = `${wasm.threads} thread${wasm.threads === 1 ? '' : 's'}`;
  return `${wasm.simd ? 'SIMD' : 'no SIMD'} · ${threads}`;
}

/**
 * @param wasm the WASM backend's build and threads
 * @returns a short note when the page is not isolated (so threads are off), else null
 */
export function isolationNote(wasm: WasmInfo): string | null {
  return wasm.crossOriginIsolated ? null : 'not cross-origin isolated: single-threaded';
}
