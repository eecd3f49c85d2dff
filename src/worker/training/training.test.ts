import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_AUGMENT } from '../../data/augment.ts';
import { syntheticSource } from '../../data/syntheticSource.ts';
import { countTruncated } from '../../zoo/analytic.ts';
import { api } from '../api.ts';
import { installFastCpuKernels, uninstallFastCpuKernels } from '../backend/cpuKernels.ts';
import type { TrainConfig, TrainProgress } from '../protocol.ts';
import { createControl } from './trainControl.ts';
import { trainLoop, type LoopInput } from './trainLoop.ts';
import { tinyCnn } from '../testing/tinyCnn.ts';

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
  installFastCpuKernels(); // runTraining does this itself; these tests call the loop directly
});

function loopInput(size: number, n: number, epochs: number, emit: (e: TrainProgress) => void) {
  const config = {
    batchSize: 32,
    epochs,
    learningRate: 3e-3,
    augment: NO_AUGMENT,
    seed: 1,
  } as unknown as TrainConfig; // the loop reads only these fields
  return {
    model: tinyCnn(size),
    train: syntheticSource(1, 0, n),
    validation: syntheticSource(1, n, 160),
    config,
    batch: { batchSize: 32, size, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    control: createControl(),
    emit,
    report: { skipped: [] },
    progressIntervalMs: 0,
  } satisfies LoopInput;
}

describe('training loop (tfjs cpu)', () => {
  it('learns the synthetic findings: loss falls and mean validation AUC is well above chance', async () => {
    const input = loopInput(32, 256, 4, () => undefined);
    const out = await trainLoop(input);
    input.model.dispose();
    const losses = out.history.map((h) => h.trainLoss);
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.9);
    expect(out.last?.meanAuc).toBeGreaterThan(0.7);
  });

  it('stops within one batch of stopTraining', async () => {
    let steps = 0;
    const input = loopInput(16, 320, 2, (e) => {
      if (e.type !== 'step') return;
      steps++;
      input.control.stop();
    });
    const out = await trainLoop(input);
    input.model.dispose();
    expect(steps).toBe(1);
    expect(out.stopped).toBe(true);
    expect(out.history).toHaveLength(1); // the weights so far are still evaluated once
  });

  it('pauses before the next batch and resumes', async () => {
    let steps = 0;
    const events: string[] = [];
    const input = loopInput(16, 96, 1, (e) => {
      events.push(e.type);
      if (e.type === 'step' && ++steps === 1) input.control.pause();
    });
    const running = trainLoop(input);
    await new Promise((r) => setTimeout(r, 300));
    expect(steps).toBe(1);
    input.control.resume();
    const out = await running;
    input.model.dispose();
    expect(steps).toBe(3);
    expect(out.stopped).toBe(false);
  });
});

describe('on-demand evaluation', () => {
  it('an evaluation request mid-run sends an evaluation event with per-task AUC before the next batch', async () => {
    const events: TrainProgress[] = [];
    const input = loopInput(16, 96, 1, (e) => {
      events.push(e);
      if (e.type === 'step' && e.step === 1) input.control.requestEvaluation();
    });
    await trainLoop(input);
    input.model.dispose();
    const types = events.map((e) => e.type);
    const at = types.indexOf('evaluation');
    expect(types.slice(at - 1, at + 2)).toEqual(['step', 'evaluation', 'step']);
    const evaluation = events[at];
    if (evaluation?.type !== 'evaluation') throw new Error('no evaluation event');
    expect(evaluation.step).toBe(1);
    expect(evaluation.perTaskAuc).toHaveLength(5);
    expect(evaluation.validationLoss).toBeGreaterThan(0);
  });
});

describe('worker training API', () => {
  it('trains a truncated zoo model and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const events: TrainProgress[] = [];
    const result = await api.startTraining(
      {
        arch: 'resnet18',
        unitsRemoved: 7,
        inputSize: 16,
        batchSize: 8,
        epochs: 1,
        dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 2 },
      },
      (e) => events.push(e),
    );
    expect(result.epochsDone).toBe(1);
    expect(result.backend).toBe('cpu');
    expect(result.params).toBe(
      countTruncated('resnet18', { unitsRemoved: 7, numClasses: 5, inputSize: 16 }).trainable,
    );
    expect(result.perTaskAuc).toHaveLength(5);
    expect(structuredClone(result)).toEqual(result);
    expect(events[0]?.type).toBe('start');
    expect(events.at(-1)?.type).toBe('complete');
    expect(api.trainedModelInfo()).toEqual(result);
    api.disposeTrainedModel();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a bad configuration and an ImageNet run without weights, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const dataset = { kind: 'synthetic', size: 8, validationSize: 8, seed: 0 } as const;
    await expect(api.startTraining({ arch: 'nope', dataset }, () => undefined)).rejects.toThrow(
      /Unknown architecture/,
    );
    await expect(
      api.startTraining(
        { arch: 'resnet18', unitsRemoved: 7, inputSize: 16, weights: 'imagenet', dataset },
        () => undefined,
      ),
    ).rejects.toThrow(/ImageNet weights/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fast cpu Conv2DBackpropFilter', () => {
  it('matches the original kernel', () => {
    for (const [stride, pad] of [
      [1, 'same'],
      [2, 'same'],
      [2, 'valid'],
    ] as const) {
      const grad = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(
            Float32Array.from({ length: 2 * 9 * 9 * 5 }, (_, i) => Math.sin(i)),
            [2, 9, 9, 5],
          );
          const w = tf.tensor4d(
            Float32Array.from({ length: 3 * 3 * 5 * 4 }, (_, i) => Math.cos(i)),
            [3, 3, 5, 4],
          );
          const g = tf.grad((f: tf.Tensor) =>
            tf
              .conv2d(x, f as tf.Tensor4D, stride, pad)
              .square()
              .sum(),
          );
          return Array.from(g(w).dataSync());
        });
      uninstallFastCpuKernels();
      const reference = grad();
      installFastCpuKernels();
      const fast = grad();
      fast.forEach((v, i) => expect(v).toBeCloseTo(reference[i] ?? NaN, 2));
    }
  });
});
