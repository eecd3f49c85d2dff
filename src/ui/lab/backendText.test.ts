import { describe, expect, it } from 'vitest';
import type { WasmInfo } from '../../worker/protocol.ts';
import { isolationNote, latencyRuntime, wasmReasons, wasmSummary } from './backendText.ts';

const isolated: WasmInfo = {
  simd: true,
  threads: 8,
  crossOriginIsolated: true,
  singleThreadReason: null,
};

describe('backend badge text', () => {
  it('names SIMD and the thread count, singular for one', () => {
    expect(wasmSummary(isolated)).toBe('SIMD · 8 threads');
    expect(wasmSummary({ ...isolated, threads: 1, singleThreadReason: 'x' })).toBe(
      'SIMD · 1 thread',
    );
    expect(wasmSummary({ ...isolated, simd: false, threads: 2 })).toBe('no SIMD · 2 threads');
  });

  it('says when the page is not isolated, and only then', () => {
    expect(isolationNote(isolated)).toBeNull();
    expect(
      isolationNote({
        ...isolated,
        crossOriginIsolated: false,
        threads: 1,
        singleThreadReason: 'x',
      }),
    ).toBe('not cross-origin isolated: single-threaded');
  });
});

describe('backend badge text with the engine', () => {
  const engine = { runtime: 'relaxed-simd' as const, threads: 2, reason: null };
  it('names the engine build and its threads', () => {
    expect(wasmSummary({ ...isolated, engine })).toBe('relaxed SIMD · 2 threads');
    expect(wasmSummary({ ...isolated, engine: { ...engine, runtime: 'simd', threads: 1 } })).toBe(
      'SIMD · 1 thread',
    );
  });

  it('says tfjs-wasm when the fallback runs, and why', () => {
    const fallback = { runtime: 'tfjs-wasm' as const, threads: 0, reason: 'no SIMD128' };
    expect(wasmSummary({ ...isolated, engine: fallback })).toBe('tfjs-wasm · SIMD · 8 threads');
    expect(wasmReasons({ ...isolated, engine: fallback })).toEqual([
      'engine: tfjs-wasm runs because no SIMD128',
    ]);
  });

  it('gives the reason for one thread', () => {
    const single = { ...engine, threads: 1, reason: 'not cross-origin isolated' };
    const wasm = {
      ...isolated,
      crossOriginIsolated: false,
      singleThreadReason: 'y',
      engine: single,
    };
    expect(wasmReasons(wasm)).toEqual(['wasm threads: y', 'engine: not cross-origin isolated']);
    expect(isolationNote(wasm)).toBe('not cross-origin isolated: single-threaded');
  });
});

describe('latency rows name what ran', () => {
  it('the engine build, the tfjs-wasm fallback, or the backend alone', () => {
    expect(latencyRuntime({ backend: 'wasm', runtime: 'relaxed-simd' })).toBe(
      'wasm · relaxed SIMD',
    );
    expect(latencyRuntime({ backend: 'wasm', runtime: 'simd' })).toBe('wasm · SIMD');
    expect(latencyRuntime({ backend: 'wasm', runtime: 'tfjs-wasm' })).toBe('wasm · tfjs-wasm');
    expect(latencyRuntime({ backend: 'webgl', runtime: 'tfjs' })).toBe('webgl');
  });
});
