/**
 * The backend probe on tfjs' CPU backend (what Node has): it starts exactly the backend asked
 * for, times both batch sizes, fits a rate, and leaves no tensor behind.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { probeBackend } from './probe.ts';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('probeBackend', () => {
  it('measures the CPU backend: two batch sizes, a per-layer overhead, no leak', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const partials: string[] = [];
    const p = await probeBackend('cpu', 4_000, (q) => partials.push(q.note));
    // before its first timed step the line says what the backend is doing, not "no step"
    expect(partials[0]).toBe('warming up (the first step)');
    expect(partials.at(-1)).toMatch(/^timed steps: \d at batch 4, \d at batch 1$/);
    expect(p).toMatchObject({ name: 'cpu', ok: true, software: false });
    expect(p.timings.map((t) => t.batch)).toEqual([4, 1]);
    for (const t of p.timings) expect(t.ms).toBeGreaterThan(0);
    expect(p.msPerLayer).not.toBeNull();
    expect(p.note).toMatch(/^timed steps: \d at batch 4, \d at batch 1$/);
    expect(p.totalMs).toBeGreaterThanOrEqual(p.warmupMs);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('says why a backend cannot be probed', async () => {
    expect(await probeBackend('wasm', 100)).toMatchObject({ ok: false, note: /no convolution/ });
    const gpu = await probeBackend('webgpu', 100);
    expect(gpu.ok).toBe(false);
    expect(gpu.note).toBe('not available in this browser');
  });
});
