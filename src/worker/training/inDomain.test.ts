/**
 * An 'in-domain' run starts from a chest-X-ray backbone: a 1-channel model whose weights come
 * from the registered loader (the last chest-X-ray checkpoint), trained on 1-channel inputs at
 * TorchXRayVision's scale, and the result says where it started from.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../zoo/build.ts';
import { parseSafetensors } from '../../zoo/weights/safetensors.ts';
import { saveWeights } from '../../zoo/weights/save.ts';
import { api } from '../api.ts';
import { safetensorsOf } from '../models/modelFiles.ts';
import { loadModelFiles } from '../models/modelFilesLoad.ts';
import { disposeAllModels, getModel } from '../models/models.ts';
import { runTraining, setInDomainWeightsLoader } from './training.ts';

const OPTS = { numClasses: 18, unitsRemoved: 6, inputSize: 32, inChannels: 1 } as const;
let conv1: Float32Array;

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
  // a 1-channel, 18-output "chest" resnet18 (truncated like the run), saved as a state dict
  const source = buildModel('resnet18', { ...OPTS, seed: 3 });
  conv1 = source.getLayer('conv1').getWeights()[0]?.dataSync() as Float32Array;
  const file = parseSafetensors(saveWeights(source, 'resnet18', OPTS));
  source.dispose();
  setInDomainWeightsLoader(async () => ({ file, label: 'a test chest model' }));
});
afterAll(() => {
  setInDomainWeightsLoader(null);
  disposeAllModels();
});

describe("'in-domain' training", () => {
  it('loads the chest backbone, trains on 1 channel and records its origin', async () => {
    const result = await runTraining(
      {
        arch: 'resnet18',
        weights: 'in-domain',
        unitsRemoved: 6,
        inputSize: 32,
        epochs: 1,
        batchSize: 16,
        learningRate: 1e-9, // the weights barely move: the loaded stem must still be there
        dataset: { kind: 'synthetic', size: 32, validationSize: 32, seed: 1 },
      },
      () => undefined,
      { backend: 'cpu' },
    );
    expect(result.initialisedFrom).toBe('a test chest model');
    const found = getModel(result.modelId);
    expect(found?.info).toMatchObject({ inChannels: 1, preprocess: 'xrv', numClasses: 5 });
    expect(found?.info.source).toMatch(/from a test chest model/);
    const trained = found?.model.getLayer('conv1').getWeights()[0];
    const got = (await trained?.data()) as Float32Array;
    const moved = got.reduce((m, v, i) => Math.max(m, Math.abs(v - (conv1[i] ?? NaN))), 0);
    expect(moved).toBeLessThan(1e-5);
    // downloaded and loaded back, it keeps its 1-channel input and preprocessing
    const bytes = safetensorsOf(result.modelId);
    const back = await loadModelFiles([
      { name: 'chest.safetensors', bytes: new Uint8Array(bytes).buffer },
    ]);
    expect(back.ok && back.model).toMatchObject({
      inChannels: 1,
      preprocess: 'xrv',
      unitsRemoved: 6,
    });
    expect(tf.memory().numTensors).toBeGreaterThan(0);
  });

  it('refuses to start without a chest-X-ray checkpoint loaded', async () => {
    setInDomainWeightsLoader(null);
    await expect(
      runTraining(
        {
          arch: 'resnet18',
          weights: 'in-domain',
          unitsRemoved: 6,
          inputSize: 32,
          epochs: 1,
          dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 1 },
        },
        () => undefined,
        { backend: 'cpu' },
      ),
    ).rejects.toThrow(/chest-X-ray checkpoint/);
  });
});
