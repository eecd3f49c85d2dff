import { beforeAll, describe, expect, it } from 'vitest';
import { NO_AUGMENT } from '../../data/augment.ts';
import { buildModel } from '../../zoo/build.ts';
import { api } from '../api.ts';
import { decodeCheckpoint, encodeCheckpoint } from './checkpointCodec.ts';
import { runHeadless, type HeadlessTask } from './headless.ts';
import { stopTraining } from './training.ts';
import type { TrainRequest } from '../protocol.ts';

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
});

/** A tiny request: the first unit of ResNet18 at 16 px on 48 phantoms, 3 epochs. */
const request = (seed: number): TrainRequest => ({
  arch: 'resnet18',
  unitsRemoved: 7,
  inputSize: 16,
  batchSize: 16,
  epochs: 3,
  learningRate: 1e-2,
  augment: NO_AUGMENT,
  seed,
  dataset: { kind: 'synthetic', size: 48, validationSize: 32, seed: 0 },
});

const task = (seed: number, over: Partial<HeadlessTask> = {}): HeadlessTask => ({
  request: request(seed),
  runId: `test#${seed}`,
  runKey: `key-${seed}`,
  resume: null,
  backend: 'cpu',
  onCheckpoint: () => Promise.resolve(),
  log: () => undefined,
  ...over,
});

async function weightsOf(seed: number): Promise<Float32Array[]> {
  const model = buildModel('resnet18', { numClasses: 5, unitsRemoved: 7, inputSize: 16, seed });
  const out = await Promise.all(
    model.weights.map(async (w) => ((await w.read().data()) as Float32Array).slice()),
  );
  model.dispose();
  return out;
}

/** Kernels in build order (the initializer index counts these). */
async function kernelsOf(seed: number): Promise<Float32Array[]> {
  const model = buildModel('resnet18', { numClasses: 5, unitsRemoved: 7, inputSize: 16, seed });
  const kernels = model.weights.filter((w) => w.originalName.endsWith('kernel'));
  const out = await Promise.all(
    kernels.map(async (w) => ((await w.read().data()) as Float32Array).slice()),
  );
  model.dispose();
  return out;
}

function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: Float32Array) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [da, db] = [(a[i] ?? 0) - ma, (b[i] ?? 0) - mb];
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('reproducibility (tfjs cpu)', () => {
  it('seed 0 gives bit-identical initial weights, and another seed different ones', async () => {
    const [a, b, c] = [await weightsOf(0), await weightsOf(0), await weightsOf(1)];
    expect(a.length).toBeGreaterThan(3);
    a.forEach((w, i) =>
      expect(
        Buffer.compare(Buffer.from(w.buffer), Buffer.from(b[i]?.buffer ?? new ArrayBuffer(0))),
      ).toBe(0),
    );
    expect(Array.from(a[0] ?? [])).not.toEqual(Array.from(c[0] ?? [])); // the stem kernel
  });

  it("seed s + 1 does not reuse seed s's random streams one layer later", async () => {
    // With tfjs seeds seed + i, seed 1's stem kernel was seed 0's second kernel rescaled (r = 1).
    const [k0, k1] = [await kernelsOf(0), await kernelsOf(1)];
    expect(
      Math.abs(correlation(k1[0] ?? new Float32Array(), k0[1] ?? new Float32Array())),
    ).toBeLessThan(0.2);
  });

  it('the same seed on the same backend gives the same AUC and history', async () => {
    const first = await runHeadless(task(0));
    const second = await runHeadless(task(0));
    expect(first.result.meanAuc).not.toBeNull();
    expect(second.result.meanAuc).toBe(first.result.meanAuc);
    expect(second.result.perTaskAuc).toEqual(first.result.perTaskAuc);
    expect(second.result.history.map((h) => h.trainLoss)).toEqual(
      first.result.history.map((h) => h.trainLoss),
    );
  });
});

describe('resuming from a checkpoint', () => {
  it('a run stopped after epoch 1 and resumed from its checkpoint ends exactly as an uninterrupted run', async () => {
    const whole = await runHeadless(task(2));
    let saved: Uint8Array | null = null;
    const cut = await runHeadless(
      task(2, {
        onCheckpoint: (bytes, epoch) => {
          if (epoch === 1) {
            saved = bytes;
            stopTraining(); // as a preemption would, right after the checkpoint
          }
          return Promise.resolve();
        },
      }),
    );
    expect(cut.result.epochsDone).toBe(1);
    expect(saved).not.toBeNull();
    const lines: string[] = [];
    const resumed = await runHeadless(task(2, { resume: saved, log: (l) => void lines.push(l) }));
    expect(lines[0]).toBe('resuming after epoch 1 from the checkpoint');
    expect(resumed.resumedEpochs).toBe(1);
    expect(resumed.result.epochsDone).toBe(3);
    expect(resumed.result.meanAuc).toBe(whole.result.meanAuc);
    expect(resumed.result.perTaskAuc).toEqual(whole.result.perTaskAuc);
    expect(resumed.result.history.map((h) => h.trainLoss)).toEqual(
      whole.result.history.map((h) => h.trainLoss),
    );
  });

  it('refuses a checkpoint of another configuration, and round-trips weights and Adam exactly', () => {
    const weights = [
      { name: 'a/kernel', shape: [2, 2], data: new Float32Array([1, -2, 3.5, 1e-7]) },
    ];
    const optimizer = {
      iterations: 7,
      accBeta1: 0.9 ** 8,
      accBeta2: 0.999 ** 8,
      moments: [
        { name: 'a/kernel/m', shape: [2, 2], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) },
        { name: 'a/kernel/v', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
      ],
    };
    const bytes = encodeCheckpoint({ epoch: 2, weights, history: [], optimizer }, 'k1');
    const back = decodeCheckpoint(bytes, 'k1');
    expect(back).toEqual({ epoch: 2, weights, history: [], optimizer });
    expect(() => decodeCheckpoint(bytes, 'k2')).toThrow(/another configuration/);
  });
});
