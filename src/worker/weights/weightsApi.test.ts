import * as tf from '@tensorflow/tfjs';
import type { Remote } from 'comlink';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  FIXTURE_ARCH,
  FIXTURE_UNITS_REMOVED,
  syntheticSubset,
} from '../../../scripts/vite/testFixtures.ts';
import { defaultWeightsUrlOf } from '../../ui/weights/weightsText.ts';
import { buildModel } from '../../zoo/build.ts';
import { ARCH_IDS } from '../../zoo/catalog.ts';
import { saveWeights } from '../../zoo/weights/save.ts';
import { TORCH_SENTENCES } from '../../zoo/weights/checkpointMessages.ts';
import { syntheticStateDict } from '../../zoo/weights/synthetic.ts';
import { stateDictPickle, torchStateDictFile, zipArchive } from '../../test/torchRecipes.ts';
import { api, type StudyWorkerApi } from '../api.ts';
import { disposeAllModels, getModel } from '../models/models.ts';
import { fileNameOfUrl, imagenetProvenance, loadImagenetWeights } from './weightsApi.ts';
import { defaultWeightsUrl } from './weightsSource.ts';
import type { LoadWeightsRequest, LoadWeightsResult, WeightsCacheInfo } from './weightsProtocol.ts';

const KEPT = ['conv1.', 'bn1.', 'layer1.'];
const request = (buffer: ArrayBuffer, name = 'w.safetensors'): LoadWeightsRequest => ({
  arch: FIXTURE_ARCH,
  unitsRemoved: FIXTURE_UNITS_REMOVED,
  numClasses: 5,
  inputSize: 32,
  source: { kind: 'buffer', buffer, name },
});
const bytesOf = (arch: string, prefixes: string[]): ArrayBuffer =>
  syntheticSubset(arch, prefixes).slice().buffer;

beforeAll(async () => {
  await api.initBackend('infer', 'cpu');
});
afterAll(() => disposeAllModels());

describe('loadImagenetWeights (worker API, called in Node)', () => {
  it('loads the kept units of a truncated resnet18 and registers an untrained-head model', async () => {
    const events: string[] = [];
    const result = await api.loadImagenetWeights(
      request(bytesOf(FIXTURE_ARCH, [...KEPT, 'layer2.0.']), 'r18.safetensors'),
      (e) => events.push(e.type),
    );
    if (!result.ok) throw new Error(result.refusal.sentence);
    expect(result.info).toMatchObject({ arch: 'resnet18', init: 'imagenet', numClasses: 5 });
    expect(result.info.status).toBe('untrained head');
    expect(result.report.scheme).toBe('timm');
    expect(result.report.headReinitialised).toBe(true);
    // stem conv + BN (5) + 2 basic blocks x (2 convs + 2 BNs x 4) = 25 tensors
    expect(result.report.loaded).toBe(25);
    const removed = result.report.skipped.filter((s) => s.reason.includes('truncation'));
    expect(removed.map((s) => s.key)).toContain('layer2.0.conv1.weight');
    expect(removed.every((s) => s.key.startsWith('layer2.0.'))).toBe(true);
    expect(result.weights).toEqual({
      fileName: 'r18.safetensors',
      bytes: expect.any(Number),
      fromCache: false,
    });
    expect(events).toEqual(['loading']);
    expect(structuredClone(result)).toEqual(result);
    // the weights really are in the model: the stem kernel is the file's, not a fresh init
    const model = getModel(result.modelId)?.model;
    const stem = model?.weights.find((w) => w.originalName === 'conv1/kernel');
    expect(stem).toBeDefined();
    expect(Math.abs(stem?.read().dataSync()[0] ?? 0)).toBeGreaterThan(0);
  });

  it('refuses a wrong file as data, disposes what it built, and keeps the loaded model', async () => {
    const first = await loadImagenetWeights(request(bytesOf(FIXTURE_ARCH, KEPT)));
    if (!first.ok) throw new Error(first.refusal.sentence);
    const before = tf.memory().numTensors;
    const wrong = bytesOf('densenet121', ['features.conv0.', 'features.norm0.']);
    const result = await loadImagenetWeights(request(wrong));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal).toEqual({
      code: 'WRONG_ARCH',
      kind: 'wrong-weights',
      sentence:
        "This file holds densenet121 weights, not resnet18's, so nothing was loaded: choose resnet18 weights or switch the architecture to densenet121.",
      detail:
        'only 0 of 25 backbone tensors match resnet18 by name and shape; 5 match densenet121 (timm names)',
    });
    expect(result.report?.loaded).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(getModel(first.modelId)?.info.status).toBe('untrained head');
    expect(api.activeModelId()).toBe(first.modelId);
  });

  it('refuses an incomplete file (a kept unit missing) and a malformed file', async () => {
    const before = tf.memory().numTensors;
    const incomplete = await loadImagenetWeights(
      request(bytesOf(FIXTURE_ARCH, ['conv1.', 'bn1.', 'layer1.0.'])),
    );
    expect(incomplete).toMatchObject({ ok: false, refusal: { code: 'INCOMPLETE' } });
    const junk = new TextEncoder().encode('not a safetensors file at all').buffer;
    const malformed = await loadImagenetWeights(request(junk));
    // the reader's own code passes through: the CLI prints the same one
    expect(malformed).toMatchObject({ ok: false, refusal: { kind: 'wrong-weights' } });
    if (!malformed.ok) {
      expect(malformed.refusal.code).toMatch(/^(HEADER_TOO_LARGE|TRUNCATED|BAD_HEADER)$/);
      expect(malformed.refusal.sentence).not.toMatch(/safetensors:/);
      expect(malformed.refusal.detail).toMatch(/^safetensors: /);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes a PyTorch state dict (.pt/.pth) too, read with the checkpoint reader and its limits', async () => {
    const tensors = syntheticStateDict(FIXTURE_ARCH, 'torchvision').filter((t) =>
      [...KEPT, 'layer2.0.'].some((p) => t.name.startsWith(p)),
    );
    const pt = torchStateDictFile(tensors);
    const result = await loadImagenetWeights(request(pt.slice().buffer, 'resnet18.pth'));
    if (!result.ok) throw new Error(result.refusal.sentence);
    expect(result.report.loaded).toBe(25); // resnet18's timm and torchvision names are the same

    // a .pt bomb gets the checkpoint reader's refusal, the CLI's sentence, and changes nothing
    const bomb = zipArchive([
      {
        name: 'a/data.pkl',
        data: stateDictPickle([
          { name: 'fc.weight', key: '0', numel: 1, shape: [30_000, 30_000], stride: [0, 0] },
        ]),
      },
      { name: 'a/data/0', data: new Uint8Array(4) },
    ]);
    const refused = await loadImagenetWeights(request(bomb.slice().buffer, 'bomb.pt'));
    expect(refused).toMatchObject({
      ok: false,
      refusal: { code: 'BROADCAST_VIEW', sentence: TORCH_SENTENCES.BROADCAST_VIEW },
    });
    expect(api.activeModelId()).toBe(result.modelId);

    // NaN weights: refused at load, naming the tensor, as the CLI does
    const nan = tensors.map((t) =>
      t.name === 'layer1.0.conv2.weight'
        ? { ...t, data: new Float32Array(t.data.length).fill(NaN) }
        : t,
    );
    const poisoned = await loadImagenetWeights(
      request(torchStateDictFile(nan).slice().buffer, 'nan.pt'),
    );
    expect(poisoned).toMatchObject({
      ok: false,
      refusal: { code: 'NON_FINITE', kind: 'wrong-weights' },
    });
    if (!poisoned.ok)
      expect(poisoned.refusal.sentence).toContain('in layer1.0.conv2.weight, so nothing');
    expect(api.activeModelId()).toBe(result.modelId);
  });

  it('a file that brings a fitting 5-output head: one truthful label, "trained"', async () => {
    const opts = { numClasses: 5, unitsRemoved: FIXTURE_UNITS_REMOVED };
    const trained = buildModel(FIXTURE_ARCH, { ...opts, inputSize: 32, seed: 4 });
    const bytes = saveWeights(trained, FIXTURE_ARCH, opts);
    trained.dispose();
    const result = await loadImagenetWeights(request(bytes.slice().buffer, 'chest.safetensors'));
    if (!result.ok) throw new Error(result.refusal.sentence);
    expect(result.report.headReinitialised).toBe(false);
    expect(result.info).toMatchObject({ init: 'trained', status: 'trained' });
    expect(result.info.source).toBe(
      'Weights from chest.safetensors (timm names, not verified); 5-output head loaded from the file',
    );
    expect(result.info.provenance?.verified).toBe(false);
  });

  it('calls a file ImageNet weights only when downloaded from the catalog repository', () => {
    const repo = 'https://huggingface.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors';
    expect(imagenetProvenance('resnet18', repo).verified).toBe(true);
    expect(
      imagenetProvenance('resnet18', 'https://example.org/resnet18.safetensors').verified,
    ).toBe(false);
    expect(imagenetProvenance('resnet18', undefined).verified).toBe(false);
  });

  it('reports a failed download as data', async () => {
    const result = await loadImagenetWeights({
      ...request(new ArrayBuffer(0)),
      source: { kind: 'url', url: 'http://127.0.0.1:9/nothing.safetensors' },
    });
    expect(result).toMatchObject({ ok: false, refusal: { code: 'DOWNLOAD_FAILED' } });
  });

  it('names a URL file by its last path segment', () => {
    expect(fileNameOfUrl('https://h.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors')).toBe(
      'model.safetensors',
    );
    expect(fileNameOfUrl('not a url')).toBe('not a url');
  });

  it("the card's default URL is the worker's, for every architecture", () => {
    for (const arch of ARCH_IDS) expect(defaultWeightsUrlOf(arch)).toBe(defaultWeightsUrl(arch));
  });

  it('crosses Comlink as promises of plain data', () => {
    // Comlink distributes over unions (Promise<true> | Promise<false>): compare what they resolve to.
    type Resolved<K extends keyof StudyWorkerApi> = Awaited<ReturnType<Remote<StudyWorkerApi>[K]>>;
    expectTypeOf<Resolved<'loadImagenetWeights'>>().toEqualTypeOf<LoadWeightsResult>();
    expectTypeOf<Resolved<'weightsDownloadSize'>>().toEqualTypeOf<number | null>();
    expectTypeOf<Resolved<'cancelWeightsDownload'>>().toEqualTypeOf<boolean>();
    expectTypeOf<Resolved<'weightsCacheInfo'>>().toEqualTypeOf<WeightsCacheInfo>();
    expectTypeOf<Resolved<'clearWeightsCache'>>().toEqualTypeOf<number>();
  });
});
