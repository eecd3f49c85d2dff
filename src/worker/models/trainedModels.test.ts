import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../zoo/build.ts';
import { saveWeights } from '../../zoo/weights/save.ts';
import { api } from '../api.ts';
import { describeModel, getModel, listModels, setActiveModel } from './models.ts';
import type { ExportedFile, TrainResult } from '../protocol.ts';
import { closeModelsDb, MODELS_DB } from './trainedModels.ts';

let run: TrainResult;

beforeAll(async () => {
  await api.initBackend('train', 'cpu');
});

afterAll(async () => {
  api.disposeTrainedModel();
  await closeModelsDb();
  indexedDB.deleteDatabase(MODELS_DB);
});

const x = (size: number): tf.Tensor =>
  tf.tensor4d(
    Float32Array.from({ length: 2 * size * size * 3 }, (_, i) => Math.cos(i / 7)),
    [2, size, size, 3],
  );

/** Logits of a registered model on a fixed input. */
function outputsOf(id: string): number[] {
  const found = getModel(id);
  if (found === undefined) throw new Error(`no model ${id}`);
  return tf.tidy(() =>
    Array.from((found.model.predict(x(found.info.inputSize)) as tf.Tensor).dataSync()),
  );
}

/** A copy of the files, since loading transfers (and here, keeps) their buffers. */
const asInput = (files: readonly ExportedFile[]) =>
  files.map((f) => ({ name: f.name, bytes: f.bytes.slice(0) }));

describe('trained models in the registry', () => {
  it('a finished run registers its model; disposing it frees exactly its weights', async () => {
    const before = tf.memory().numTensors;
    run = await api.startTraining(
      {
        arch: 'resnet18',
        unitsRemoved: 7,
        inputSize: 32,
        batchSize: 8,
        epochs: 1,
        dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 4 },
      },
      () => undefined,
    );
    expect(run.runId).toMatch(/^run-[0-9a-z]+-\d+$/);
    const info = listModels().find((m) => m.id === run.modelId);
    expect(info).toMatchObject({
      arch: 'resnet18',
      unitsRemoved: 7,
      inputSize: 32,
      init: 'trained',
      status: 'trained',
    });
    expect(info?.source).toMatch(
      /^trained in this browser: synthetic phantoms \(16 images\), 1 epoch, mean AUC \d\.\d{3}$/,
    );
    expect(api.trainedModelInfo()).toEqual(run);
    const weights = getModel(run.modelId)?.model.weights.length ?? 0;
    expect(weights).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before + weights);

    const second = await api.startTraining(
      { ...run.config, dataset: { kind: 'synthetic', size: 8, validationSize: 8, seed: 5 } },
      () => undefined,
    );
    expect(second.modelId).not.toBe(run.modelId);
    expect(getModel(run.modelId)).toBeDefined(); // both coexist
    expect(api.disposeModel(second.modelId)).toBe(true);
    expect(api.trainedModelInfo()).toBeNull(); // the last run's model is gone
    expect(tf.memory().numTensors).toBe(before + weights);
  });
});

describe('saved in IndexedDB', () => {
  it('save → list → load predicts exactly as the trained model; delete removes it', async () => {
    const saved = await api.saveTrainedModel(run.modelId, 'my resnet');
    expect(saved).toMatchObject({
      name: 'my resnet',
      arch: 'resnet18',
      unitsRemoved: 7,
      inputSize: 32,
      numClasses: 5,
    });
    expect(saved.config?.dataset).toEqual(run.config.dataset);
    expect(saved.result?.meanAuc).toBe(run.meanAuc);
    expect((await api.listSavedModels()).map((m) => m.name)).toEqual(['my resnet']);
    const loaded = await api.loadSavedModel('my resnet');
    expect(loaded).toMatchObject({ id: 'saved-my_resnet', init: 'trained', inputSize: 32 });
    expect(outputsOf(loaded.id)).toEqual(outputsOf(run.modelId));
    expect(api.disposeModel(loaded.id)).toBe(true);
    expect(await api.deleteSavedModel('my resnet')).toBe(true);
    expect(await api.deleteSavedModel('my resnet')).toBe(false);
    expect(await api.listSavedModels()).toEqual([]);
    await expect(api.loadSavedModel('my resnet')).rejects.toThrow(
      /No saved model named "my resnet"/,
    );
    await expect(api.saveTrainedModel(run.modelId, '  ')).rejects.toThrow(/name/);
  });
});

describe('files', () => {
  it('safetensors + sidecar round trip gives equal outputs (and without the sidecar too)', async () => {
    const { files } = await api.exportTrainedModel(run.modelId, 'safetensors');
    expect(files.map((f) => f.name)).toEqual([`${run.modelId}.safetensors`, `${run.modelId}.json`]);
    const out = await api.loadModelFiles(asInput(files));
    if (!out.ok) throw new Error(out.message);
    expect(out.model).toMatchObject({ init: 'trained', arch: 'resnet18', inputSize: 32 });
    expect(outputsOf(out.model.id)).toEqual(outputsOf(run.modelId));
    api.disposeModel(out.model.id);
    // without the sidecar the input size is the architecture's default (224)
    const bare = await api.loadModelFiles(asInput(files.slice(0, 1)));
    expect(bare.ok && bare.model.inputSize).toBe(224);
    if (bare.ok) api.disposeModel(bare.model.id);
  });

  it('tfjs model.json + weights.bin round trip gives equal outputs', async () => {
    const { files } = await api.exportTrainedModel(run.modelId, 'tfjs');
    expect(files.map((f) => f.name)).toEqual([
      `${run.modelId}.model.json`,
      `${run.modelId}.weights.bin`,
    ]);
    const out = await api.loadModelFiles(asInput(files));
    if (!out.ok) throw new Error(out.message);
    expect(outputsOf(out.model.id)).toEqual(outputsOf(run.modelId));
    api.disposeModel(out.model.id);
  });

  it('refuses wrong files with a specific message and changes nothing', async () => {
    const ids = listModels().map((m) => m.id);
    const before = tf.memory().numTensors;
    const imagenet = buildModel('resnet18', {
      numClasses: 1000,
      unitsRemoved: 7,
      inputSize: 32,
      initializer: 'zeros',
    });
    const st = saveWeights(imagenet, 'resnet18', { numClasses: 1000, unitsRemoved: 7 });
    imagenet.dispose();
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).buffer;
    const cases: [string, { name: string; bytes: ArrayBuffer }[], RegExp][] = [
      [
        '1000 classes',
        [{ name: 'in1k.safetensors', bytes: st.buffer as ArrayBuffer }],
        /1000-output head/,
      ],
      [
        'random bytes',
        [{ name: 'x.safetensors', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer }],
        /not a safetensors file/,
      ],
      [
        'foreign JSON',
        [{ name: 'config.json', bytes: enc({ hello: 1 }) }],
        /not a CheXtransfer model description/,
      ],
      [
        'broken JSON',
        [{ name: 'a.json', bytes: new TextEncoder().encode('{').buffer }],
        /not a JSON object/,
      ],
      [
        'foreign model.json',
        [{ name: 'model.json', bytes: enc({ modelTopology: {}, weightsManifest: [] }) }],
        /not exported by CheXtransfer/,
      ],
      ['nothing', [], /No files/],
    ];
    for (const [what, files, message] of cases) {
      const out = await api.loadModelFiles(files);
      expect(out.ok, what).toBe(false);
      expect(!out.ok && out.message, what).toMatch(message);
    }
    expect(listModels().map((m) => m.id)).toEqual(ids);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps custom layers (PyTorch hard-swish) through the tfjs format', async () => {
    const arch = 'mobilenetv3_large_100';
    const model = buildModel(arch, { numClasses: 5, unitsRemoved: 0, inputSize: 64, seed: 2 });
    const origin = {
      arch,
      unitsRemoved: 0,
      numClasses: 5,
      init: 'trained' as const,
      source: 'test',
    };
    setActiveModel('mnv3', model, describeModel('mnv3', model, origin));
    const { files } = await api.exportTrainedModel('mnv3', 'tfjs');
    expect(new TextDecoder().decode(files[0]?.bytes)).toContain('PtHardSwish');
    const out = await api.loadModelFiles(asInput(files));
    if (!out.ok) throw new Error(out.message);
    expect(outputsOf(out.model.id)).toEqual(outputsOf('mnv3'));
    api.disposeModel(out.model.id);
    api.disposeModel('mnv3');
  });

  it('refuses to save or export a model that was not trained', async () => {
    const random = api.createModel({
      arch: 'resnet18',
      unitsRemoved: 7,
      numClasses: 5,
      init: 'random',
      inputSize: 32,
    });
    await expect(api.exportTrainedModel(random.id, 'safetensors')).rejects.toThrow(
      /Only trained models.*random weights/,
    );
    await expect(api.saveTrainedModel(random.id, 'r')).rejects.toThrow(/Only trained models/);
    api.disposeModel(random.id);
  });
});
