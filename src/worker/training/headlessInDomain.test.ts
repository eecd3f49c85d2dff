/**
 * A headless in-domain task (a grid's chest-X-ray initialisation): the checkpoint's bytes become
 * the in-domain loader for the run, the model starts from its backbone on one input channel, a
 * checkpoint of another architecture is refused, and a task resumed from its per-epoch checkpoint
 * (no chest-X-ray bytes then) ends as the uninterrupted run and still says where it started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_AUGMENT } from '../../data/augment.ts';
import { isRefusal } from '../../refusal/refusal.ts';
import { rebuildBigFixture } from '../../test/torchFixtures.ts';
import { unitTable } from '../../zoo/analytic.ts';
import { chestBackbone } from '../../zoo/weights/loadCheckpoint.ts';
import { readFloat32 } from '../../zoo/weights/safetensors.ts';
import { api } from '../api.ts';
import { disposeAllModels, getModel } from '../models/models.ts';
import { runHeadless, type HeadlessTask } from './headless.ts';
import { stopTraining } from './training.ts';

/** A synthetic DenseNet-121 of TorchXRayVision's shape (1 channel, 18 outputs), as torch.save wrote it. */
const CHEST = rebuildBigFixture('xrv_densenet121_state_zip').bytes;
const bytes = (): ArrayBuffer => CHEST.slice().buffer;

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
});
afterAll(() => disposeAllModels());

/** The first unit of DenseNet-121 at 16 px on 32 phantoms. */
const task = (over: Partial<HeadlessTask> = {}): HeadlessTask => ({
  request: {
    arch: 'densenet121',
    weights: 'in-domain',
    unitsRemoved: unitTable('densenet121').units.length - 1,
    inputSize: 16,
    batchSize: 16,
    epochs: 2,
    learningRate: 1e-3,
    augment: NO_AUGMENT,
    seed: 4,
    dataset: { kind: 'synthetic', size: 32, validationSize: 32, seed: 0 },
  },
  runId: 'chest#0',
  runKey: 'chest-key',
  resume: null,
  inDomain: { bytes: bytes(), label: 'chest.pt', fileName: 'chest.pt' },
  backend: 'cpu',
  onCheckpoint: () => Promise.resolve(),
  log: () => undefined,
  ...over,
});

const sorted = (values: ArrayLike<number>): number[] => Array.from(values).sort((a, b) => a - b);

describe('a headless in-domain task', () => {
  it("starts from the checkpoint's backbone on one channel and records it", async () => {
    const stem = chestBackbone(CHEST, { arch: 'densenet121' }).file;
    const entry = stem.tensors.get('features.conv0.weight');
    if (entry === undefined) throw new Error('no stem in the fixture');
    const out = await runHeadless(
      task({ request: { ...task().request, epochs: 1, learningRate: 1e-12 } }),
    );
    expect(out.result.initialisedFrom).toBe('chest.pt');
    const model = getModel(out.result.modelId);
    expect(model?.info).toMatchObject({ inChannels: 1, preprocess: 'xrv' });
    const kernel = model?.model.getLayer('features.conv0').getWeights()[0];
    expect(kernel?.shape).toEqual([7, 7, 1, 64]);
    // the same numbers in another layout (HWIO here, OIHW in the file), barely trained
    const got = sorted((await kernel?.data()) ?? []);
    const want = sorted(readFloat32(stem, entry));
    expect(got.length).toBe(want.length);
    expect(Math.max(...got.map((v, i) => Math.abs(v - (want[i] ?? NaN))))).toBeLessThan(1e-6);
  });

  it('refuses a checkpoint of another architecture before training', async () => {
    const error: unknown = await runHeadless(
      task({ request: { ...task().request, arch: 'resnet18', unitsRemoved: 7 } }),
    ).catch((e: unknown) => e);
    expect(isRefusal(error) && error).toMatchObject({
      code: 'WRONG_ARCH',
      kind: 'wrong-weights',
      detail: 'the file holds a densenet121, not a resnet18',
    });
  });

  it('resumed from its epoch checkpoint without the chest bytes, it ends as the uninterrupted run', async () => {
    const whole = await runHeadless(task());
    let saved: Uint8Array | null = null;
    await runHeadless(
      task({
        onCheckpoint: (b, epoch) => {
          if (epoch === 1) {
            saved = b;
            stopTraining(); // as a preemption would, right after the checkpoint
          }
          return Promise.resolve();
        },
      }),
    );
    expect(saved).not.toBeNull();
    const resumed = await runHeadless(
      task({ resume: saved, inDomain: { bytes: null, label: 'chest.pt' } }),
    );
    expect(resumed.resumedEpochs).toBe(1);
    expect(resumed.result.epochsDone).toBe(2);
    expect(resumed.result.initialisedFrom).toBe('chest.pt');
    expect(resumed.result.meanAuc).not.toBeNull();
    expect(resumed.result.meanAuc).toBe(whole.result.meanAuc);
    expect(resumed.result.history.map((h) => h.trainLoss)).toEqual(
      whole.result.history.map((h) => h.trainLoss),
    );
  });
});
