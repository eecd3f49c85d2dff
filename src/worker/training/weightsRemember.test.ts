import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_ARCH,
  FIXTURE_UNITS_REMOVED,
  syntheticSubset,
} from '../../../scripts/vite/testFixtures.ts';
import { api } from '../api.ts';
import { disposeAllModels, getModel } from '../models/models.ts';
import { resolveTrainConfig } from './trainConfig.ts';
import { prepareModel } from './training.ts';

const KEPT = ['conv1.', 'bn1.', 'layer1.', 'layer2.0.'];
const load = (buffer: ArrayBuffer) =>
  api.loadImagenetWeights({
    arch: FIXTURE_ARCH,
    unitsRemoved: FIXTURE_UNITS_REMOVED,
    numClasses: 5,
    inputSize: 32,
    source: { kind: 'buffer', buffer, name: 'r18.safetensors' },
  });

const stemOf = (model: tf.LayersModel): number[] =>
  Array.from(
    model.weights
      .find((w) => w.originalName === 'conv1/kernel')
      ?.read()
      .dataSync() ?? [],
  );

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
});
afterAll(() => disposeAllModels());

describe('ImageNet weights for training runs', () => {
  it('are available only after a strict load, and an imagenet run then starts from them', async () => {
    expect(api.imagenetWeightsAvailable(FIXTURE_ARCH)).toEqual({ available: false });
    const refused = await load(syntheticSubset('densenet121', ['features.conv0.']).slice().buffer);
    expect(refused.ok).toBe(false);
    expect(api.imagenetWeightsAvailable(FIXTURE_ARCH).available).toBe(false);

    const loaded = await load(syntheticSubset(FIXTURE_ARCH, KEPT).slice().buffer);
    if (!loaded.ok) throw new Error(loaded.refusal.sentence);
    const avail = api.imagenetWeightsAvailable(FIXTURE_ARCH);
    expect(avail.available).toBe(true);
    expect(avail.source).toMatch(/^r18\.safetensors \(\d+\.\d MB\)$/);

    const config = resolveTrainConfig({
      arch: FIXTURE_ARCH,
      unitsRemoved: FIXTURE_UNITS_REMOVED,
      inputSize: 32,
      weights: 'imagenet',
      dataset: { kind: 'synthetic', size: 8, validationSize: 8, seed: 0 },
    });
    if (typeof config === 'string') throw new Error(config);
    const model = await prepareModel(config); // no bytes given: the remembered file
    const reference = getModel(loaded.modelId)?.model;
    expect(reference).toBeDefined();
    expect(stemOf(model)).toEqual(stemOf(reference as tf.LayersModel));
    model.dispose();
  });
});
