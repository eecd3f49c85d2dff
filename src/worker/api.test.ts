import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Remote } from 'comlink';
import { countTruncated } from '../zoo/analytic.ts';
import { api, type StudyWorkerApi } from './api.ts';
import { candidateOrder } from './backend/backend.ts';
import type { BackendInfo, LatencyResult } from './protocol.ts';

describe('worker api (called directly in Node)', () => {
  it('chooses the requested backend only after the self-test passes', async () => {
    const info = await api.initBackend('infer', 'cpu');
    expect(info.name).toBe('cpu');
    expect(info.attempts.at(-1)).toMatchObject({ name: 'cpu', ok: true });
    expect(info.selfTestMaxError).toBeLessThan(1e-5);
  });

  it('never trains on WASM, even when asked to', () => {
    expect(candidateOrder('train', 'wasm')).not.toContain('wasm');
    expect(candidateOrder('infer', 'webgl')[0]).toBe('webgl');
  });

  it('measures latency of a truncated model and counts its parameters like the analytic counter', async () => {
    await api.initBackend('infer', 'cpu');
    const before = api.memory().numTensors;
    const result = await api.measureLatency({
      arch: 'resnet18',
      unitsRemoved: 4,
      numClasses: 5,
      inputSize: 64,
      warmupRuns: 1,
      timedRuns: 3,
    });
    expect(result.runsMs).toHaveLength(3);
    expect(result.medianMs).toBeGreaterThan(0);
    expect(result.backend).toBe('cpu');
    expect(result.trainableParams).toBe(
      countTruncated('resnet18', { unitsRemoved: 4, numClasses: 5 }).trainable,
    );
    expect(api.memory().numTensors).toBe(before);
    expect(structuredClone(result)).toEqual(result);
  });

  it('exposes only promise-returning methods of plain data through Comlink', () => {
    expectTypeOf<ReturnType<Remote<StudyWorkerApi>['measureLatency']>>().toEqualTypeOf<
      Promise<LatencyResult>
    >();
    expectTypeOf<ReturnType<Remote<StudyWorkerApi>['initBackend']>>().toEqualTypeOf<
      Promise<BackendInfo>
    >();
  });
});
