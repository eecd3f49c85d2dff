import { describe, expect, it } from 'vitest';
import { preferredBackend, preferredThreads } from './studyClient.ts';

describe('URL overrides for the worker', () => {
  it('reads ?threads= as a positive whole number only', () => {
    expect(preferredThreads('?threads=1')).toBe(1);
    expect(preferredThreads('?backend=wasm&threads=8')).toBe(8);
    for (const bad of ['', '?threads=', '?threads=0', '?threads=-2', '?threads=1.5', '?threads=x'])
      expect(preferredThreads(bad)).toBeUndefined();
  });

  it('reads ?backend= as a known backend only', () => {
    expect(preferredBackend('?backend=wasm')).toBe('wasm');
    expect(preferredBackend('?backend=tpu')).toBeUndefined();
  });
});
