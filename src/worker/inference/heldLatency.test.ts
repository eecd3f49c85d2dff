import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { api } from '../api.ts';

describe('held latency model', () => {
  it('holds a fused model, times single runs, and frees everything', async () => {
    await api.initBackend('infer', 'cpu');
    const before = tf.memory().numTensors;
    await expect(api.timeHeldModel(1)).rejects.toThrow(/No model is held/);
    const held = await api.holdLatencyModel({
      arch: 'mobilenetv2_100',
      unitsRemoved: 10,
      numClasses: 5,
      inputSize: 32,
      warmupRuns: 1,
    });
    expect(held).toMatchObject({ arch: 'mobilenetv2_100', backend: 'cpu', inputSize: 32 });
    expect(held.warmupMs).toHaveLength(1);
    expect(held.steps).toBeGreaterThan(0);
    const runs = await api.timeHeldModel(3);
    expect(runs).toHaveLength(3);
    for (const ms of runs) expect(ms).toBeGreaterThan(0);
    // Holding another replaces (and frees) the first.
    await api.holdLatencyModel({ arch: 'resnet18', unitsRemoved: 6, numClasses: 5, inputSize: 32 });
    api.releaseLatencyModel();
    api.releaseLatencyModel(); // idempotent
    expect(tf.memory().numTensors).toBe(before);
  });
});
