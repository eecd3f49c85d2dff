import { describe, expect, it } from 'vitest';
import type { WasmInfo } from '../../worker/protocol.ts';
import { isolationNote, wasmSummary } from './backendText.ts';

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
