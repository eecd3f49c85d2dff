import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from './backend.ts';
import { MAX_WASM_THREADS, wasmThreadCount } from './threadCount.ts';

describe('WASM thread count', () => {
  it('defaults to the logical cores, capped', () => {
    expect(wasmThreadCount(undefined, 2)).toBe(2);
    expect(wasmThreadCount(undefined, 64)).toBe(MAX_WASM_THREADS);
    expect(wasmThreadCount(undefined, undefined)).toBe(1);
  });

  it('honours a request within 1..cap, whatever the cores', () => {
    expect(wasmThreadCount(1, 16)).toBe(1);
    expect(wasmThreadCount(3, 2)).toBe(3);
    expect(wasmThreadCount(100, 2)).toBe(MAX_WASM_THREADS);
    expect(wasmThreadCount(0, 4)).toBe(1);
    expect(wasmThreadCount(Number.NaN, 4)).toBe(1);
    expect(wasmThreadCount(2.7, 4)).toBe(2);
  });

  it('reports what WASM really runs: in Node, one thread, and why', async () => {
    const info = await chooseBackend('infer', 'wasm', [], { wasmThreads: 4 });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // tfjs never enables threads in Node, and Node is not a cross-origin isolated page.
    expect(info.wasm).toEqual({
      simd: true,
      threads: 1,
      crossOriginIsolated: false,
      singleThreadReason: expect.stringContaining('not cross-origin isolated'),
      // no engine host in this worker-less process: tfjs-wasm runs, and says why
      engine: { runtime: 'tfjs-wasm', threads: 0, reason: 'no engine in this environment' },
    });
  });
});
