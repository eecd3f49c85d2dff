import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../api.ts';
import { deviceLossOf, restore, snapshot } from './checkpoint.ts';
import { getModel } from '../models/models.ts';
import type { TrainProgress } from '../protocol.ts';
import { FAKE_DEVICE_LOSS } from './trainLoop.ts';
import { runTraining } from './training.ts';
import { tinyCnn } from '../testing/tinyCnn.ts';

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
});

const input = (size: number): tf.Tensor =>
  tf.tensor4d(
    Float32Array.from({ length: 2 * size * size * 3 }, (_, i) => Math.sin(i)),
    [2, size, size, 3],
  );

function outputs(model: tf.LayersModel, size: number): number[] {
  return tf.tidy(() => Array.from((model.predict(input(size)) as tf.Tensor).dataSync()));
}

describe('checkpoint', () => {
  it('snapshot → restore into a fresh build reproduces the outputs, and frees nothing it should keep', async () => {
    const a = tinyCnn(16);
    const b = tinyCnn(16);
    expect(outputs(b, 16)).not.toEqual(outputs(a, 16));
    const snap = await snapshot(a);
    expect(snap).toHaveLength(a.weights.length);
    const before = tf.memory().numTensors;
    restore(b, snap);
    expect(tf.memory().numTensors).toBe(before);
    expect(outputs(b, 16)).toEqual(outputs(a, 16));
    a.dispose();
    b.dispose();
  });

  it('refuses a snapshot of another shape, writing nothing', async () => {
    const a = tinyCnn(16);
    const b = tinyCnn(32); // the dense head has another input size
    const kept = outputs(b, 32);
    const snap = await snapshot(a);
    expect(() => restore(b, snap)).toThrow(/shape/);
    expect(outputs(b, 32)).toEqual(kept);
    a.dispose();
    b.dispose();
  });

  it('off WebGPU, recognises a lost device by its message only', async () => {
    expect(await deviceLossOf(new Error(FAKE_DEVICE_LOSS))).not.toBeNull();
    expect(await deviceLossOf(new Error('GPUDevice was destroyed'))).not.toBeNull();
    expect(await deviceLossOf(new Error('out of memory'))).toBeNull();
    expect(await deviceLossOf(new TypeError('x is undefined'))).toBeNull();
  });
});

describe('device loss during training (injected, cpu → cpu)', () => {
  it('continues from the last checkpoint and keeps a consistent history', async () => {
    const before = tf.memory().numTensors;
    const events: TrainProgress[] = [];
    // 16 images, batch 8: 2 steps an epoch; the fault hits step 3 (epoch 2, after epoch 1's checkpoint)
    const result = await runTraining(
      {
        arch: 'resnet18',
        unitsRemoved: 7,
        inputSize: 16,
        batchSize: 8,
        epochs: 3,
        dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 3 },
      },
      (e) => events.push(e),
      { faultAtStep: 3 },
    );
    const lost = events.filter((e) => e.type === 'backend-lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ from: 'cpu', to: 'cpu', resumeEpoch: 2 });
    expect(lost[0]?.type === 'backend-lost' && lost[0].message).toMatch(/Adam restarted/);
    expect(result.backendChanges).toEqual(lost);
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(result.epochsDone).toBe(3);
    const epochEvents = events.flatMap((e) => (e.type === 'epoch' ? [e.record.epoch] : []));
    expect(epochEvents).toEqual([1, 2, 3]);
    const model = getModel(result.modelId)?.model;
    expect(model).toBeDefined();
    const weights = model?.weights.length ?? 0;
    expect(tf.memory().numTensors).toBe(before + weights);
    api.disposeModel(result.modelId);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a fault before any epoch finished restarts from the initial weights', async () => {
    const events: TrainProgress[] = [];
    const result = await runTraining(
      {
        arch: 'resnet18',
        unitsRemoved: 7,
        inputSize: 16,
        batchSize: 8,
        epochs: 1,
        dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 3 },
      },
      (e) => events.push(e),
      { faultAtStep: 2 },
    );
    const lost = events.find((e) => e.type === 'backend-lost');
    expect(lost).toMatchObject({ resumeEpoch: 1 });
    expect(result.history.map((h) => h.epoch)).toEqual([1]);
    api.disposeModel(result.modelId);
  });
});
