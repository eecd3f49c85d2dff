import * as tf from '@tensorflow/tfjs';
import type { Remote } from 'comlink';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { api, type StudyWorkerApi } from '../api.ts';
import type { FilePrediction, InferenceProgress, ModelInfo } from './inferenceProtocol.ts';

beforeAll(async () => {
  await api.initBackend('infer', 'cpu');
});
afterAll(() => {
  for (const m of api.listModels()) api.disposeModel(m.id);
});

describe('worker api: models and inference (called directly in Node)', () => {
  it('creates, lists and disposes models without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const info = api.createModel({
      arch: 'resnet18',
      unitsRemoved: 6,
      numClasses: 5,
      init: 'random',
      inputSize: 32,
    });
    expect(info).toMatchObject({ arch: 'resnet18', status: 'random weights', numClasses: 5 });
    expect(api.activeModelId()).toBe(info.id);
    expect(api.listModels().map((m) => m.id)).toContain(info.id);
    expect(structuredClone(info)).toEqual(info);
    expect(api.disposeModel(info.id)).toBe(true);
    expect(api.disposeModel(info.id)).toBe(false);
    expect(api.activeModelId()).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('predicts on bytes with progress, and fails fast on an unknown model id', async () => {
    const info = api.createModel({
      arch: 'resnet18',
      unitsRemoved: 6,
      numClasses: 5,
      init: 'random',
      inputSize: 32,
    });
    const events: InferenceProgress[] = [];
    const files = [{ name: 'x.txt', bytes: new TextEncoder().encode('hello').buffer }];
    const results = await api.predictImages(files, [info.id], {}, (e) => events.push(e));
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'not-an-image' } });
    expect(events).toEqual([{ type: 'file', index: 0, total: 1, name: 'x.txt', status: 'error' }]);
    await expect(api.predictImages(files, ['nope'], {})).rejects.toThrow(/no model "nope"/);
  });

  it('exposes promise-returning methods of plain data through Comlink', () => {
    expectTypeOf<ReturnType<Remote<StudyWorkerApi>['predictImages']>>().toEqualTypeOf<
      Promise<FilePrediction[]>
    >();
    expectTypeOf<ReturnType<Remote<StudyWorkerApi>['createModel']>>().toEqualTypeOf<
      Promise<ModelInfo>
    >();
    expectTypeOf<ReturnType<Remote<StudyWorkerApi>['listModels']>>().toEqualTypeOf<
      Promise<ModelInfo[]>
    >();
  });
});
