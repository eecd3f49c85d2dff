import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeImage, toGreyFloat, toModelInput } from '../../imaging/index.ts';
import { predictionsCsv } from '../../imaging/predictionsCsv.ts';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import { getArch } from '../../zoo/registry.ts';
import { cropBoxOf, fullResolutionGauge, inputSpecOf, predictImages } from './inference.ts';
import type { FilePrediction, InferenceFile, InferenceProgress } from './inferenceProtocol.ts';
import {
  createModel,
  describeModel,
  disposeAllModels,
  disposeModel,
  fusedOf,
  getModel,
  listModels,
} from '../models/models.ts';
import { XRAYS_DIR } from '../../test/testData.ts';

const XRAYS = XRAYS_DIR;
const file = (name: string): InferenceFile => {
  const buf = readFileSync(path.join(XRAYS, name));
  return { name, bytes: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) };
};

const CHESTS = [
  'mhh_fff13f3a_cr_pa.png',
  'nih_00000001_000.png',
  'nih_00000002_000.png',
  'nih_00004387_000.png',
  'nih_00004979_000.png',
  'nih_00008569_000.png',
  'nih_00013085_000.png',
  'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm',
  'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm',
];
const NOT_CHESTS = [
  'nema_MR2_mr_j2k.dcm',
  'nema_RG3_cr_tibia_mono1_j2k.dcm',
  'photo_rocket_publicdomain.jpg',
];
const SIZE = 64;

/** The value, asserting it is there (the tests' alternative to `!`). */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  // Two small random-weight models side by side: different depth, same eval transform.
  createModel({
    arch: 'resnet18',
    unitsRemoved: 5,
    numClasses: 5,
    init: 'random',
    inputSize: SIZE,
    seed: 1,
    id: 'a',
  });
  createModel({
    arch: 'resnet18',
    unitsRemoved: 6,
    numClasses: 5,
    init: 'random',
    inputSize: SIZE,
    seed: 2,
    id: 'b',
  });
});
afterAll(() => disposeAllModels());

describe('model registry', () => {
  it('labels random models and disposes a replaced one', () => {
    const before = tf.memory().numTensors;
    createModel({
      arch: 'resnet18',
      unitsRemoved: 6,
      numClasses: 5,
      init: 'random',
      inputSize: 32,
      id: 'tmp',
    });
    const first = getModel('tmp')?.model;
    createModel({
      arch: 'resnet18',
      unitsRemoved: 6,
      numClasses: 5,
      init: 'random',
      inputSize: 32,
      id: 'tmp',
    });
    expect(getModel('tmp')?.model).not.toBe(first);
    expect(getModel('tmp')?.info).toMatchObject({
      status: 'random weights',
      init: 'random',
      inputSize: 32,
    });
    const perModel = tf.memory().numTensors - before;
    expect(perModel).toBe(getModel('tmp')?.model.weights.length);
    expect(listModels().map((m) => m.id)).toEqual(['a', 'b', 'tmp']);
    // The weights loader registers ImageNet backbones: the UI must say the head is untrained.
    const model = must(getModel('tmp')).model;
    const origin = { arch: 'resnet18', unitsRemoved: 6, numClasses: 5, source: 'x' } as const;
    expect(describeModel('tmp', model, { ...origin, init: 'imagenet' })).toMatchObject({
      status: 'untrained head',
      inputSize: 32,
      camLayer: 'layer1.1.act',
    });
    expect(disposeModel('tmp')).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('preprocessing as the model expects', () => {
  it('uses the catalog transform at the native size and keeps crop_pct at other sizes', () => {
    const meta = getArch('densenet121').meta;
    const info = { ...must(getModel('a')).info, arch: 'densenet121', inputSize: meta.inputSize };
    expect(inputSpecOf(info)).toEqual({
      inputSize: 224,
      resizeSize: 256,
      interpolation: meta.interpolation,
      mean: meta.mean,
      std: meta.std,
    });
    expect(inputSpecOf(must(getModel('a')).info).resizeSize).toBe(73); // floor(64 · 256 / 224)
  });

  it('maps the centre crop back to source pixels', () => {
    const spec = {
      inputSize: 224,
      resizeSize: 256,
      interpolation: 'bilinear',
      mean: [0, 0, 0],
      std: [1, 1, 1],
    } as const;
    // 1024² → 256² (scale 4), crop offset 16 → 64, side 224 · 4.
    expect(cropBoxOf(1024, 1024, spec)).toEqual({ x: 64, y: 64, width: 896, height: 896 });
    // 640×691 → 256×276 (scale 2.5), offsets 16 and 26.
    expect(cropBoxOf(640, 691, spec)).toEqual({ x: 40, y: 65, width: 560, height: 560 });
  });

  it('gives the same logits as decode → grey → toModelInput → model.predict', async () => {
    const name = 'nih_00000001_000.png';
    const { model, info } = must(getModel('a'));
    const grey = toGreyFloat(await decodeImage(new Uint8Array(file(name).bytes)));
    const input = toModelInput(grey, inputSpecOf(info));
    const expected = tf.tidy(() =>
      Array.from(
        (model.predict(tf.tensor4d(input.data, [1, SIZE, SIZE, 3])) as tf.Tensor).dataSync(),
      ),
    );
    // the LayersModel path: the same ops, bit for bit
    const [layers] = await predictImages([file(name)], ['a'], { saliency: false, path: 'layers' });
    expect(layers?.predictions[0]?.logits).toEqual(expected);
    // the fused path (default): BatchNorm folded into the convs, so equal up to float32 rounding
    const [fused] = await predictImages([file(name)], ['a'], { saliency: false });
    const scale = Math.max(...expected.map(Math.abs));
    must(fused?.predictions[0]?.logits).forEach((v, k) =>
      expect(Math.abs(v - must(expected[k]))).toBeLessThan(1e-5 * scale),
    );
  });

  it('runs Grad-CAM on the fused path with the maps of the LayersModel path', async () => {
    const name = 'nih_00004979_000.png';
    const [fused] = await predictImages([file(name)], ['b'], { saliencySize: 16 });
    const [layers] = await predictImages([file(name)], ['b'], { saliencySize: 16, path: 'layers' });
    const a = must(fused?.predictions[0]?.saliency);
    const b = must(layers?.predictions[0]?.saliency);
    expect(a.map((m) => m.task)).toEqual([...CHEXPERT_TASKS]);
    a.forEach((m, k) =>
      m.data.forEach((v, i) => expect(Math.abs(v - must(b[k]?.data[i]))).toBeLessThan(1e-4)),
    );
  });
});

describe('predictImages', () => {
  let results: FilePrediction[] = [];
  const events: InferenceProgress[] = [];
  let leaked = NaN;

  beforeAll(async () => {
    const files = [
      file('nih_00004387_000.png'),
      { name: 'garbage.bin', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer },
      file('pydicom_reportsi_sr_nopixels.dcm'),
      file('nema_MR2_mr_j2k.dcm'),
    ];
    fusedOf('a'); // the compiled path's weights belong to the registry, made on first use
    fusedOf('b');
    const before = tf.memory().numTensors;
    fullResolutionGauge.reset();
    results = await predictImages(files, ['a', 'b'], {}, (e) => events.push(e));
    leaked = tf.memory().numTensors - before;
  });

  it('returns 5 sigmoid probabilities per model, side by side, in task order', () => {
    const ok = must(results[0]);
    expect(ok.status).toBe('ok');
    expect(ok.predictions.map((p) => p.modelId)).toEqual(['a', 'b']);
    for (const p of ok.predictions) {
      expect(p.probabilities).toHaveLength(5);
      p.probabilities.forEach((prob, k) => {
        expect(prob).toBeGreaterThan(0);
        expect(prob).toBeLessThan(1);
        expect(prob).toBeCloseTo(1 / (1 + Math.exp(-must(p.logits[k]))), 12);
      });
      expect(p.saliency.map((s) => s.task)).toEqual([...CHEXPERT_TASKS]);
      // 1024² → 73² (scale 1024/73); offset round-half-even(4.5) = 4 → 56 px; side 64 → 898 px.
      expect(p.crop).toEqual({ x: 56, y: 56, width: 898, height: 898 });
    }
    expect(must(ok.predictions[0]).logits).not.toEqual(must(ok.predictions[1]).logits);
  });

  it('returns Grad-CAM maps of the crop size in [0, 1], labelled with the layer', () => {
    for (const p of must(results[0]).predictions) {
      for (const map of p.saliency) {
        expect([map.width, map.height, map.data.length]).toEqual([SIZE, SIZE, SIZE * SIZE]);
        const max = Math.max(...map.data);
        expect(Math.min(...map.data)).toBeGreaterThanOrEqual(0);
        expect(max === 1 || max === 0).toBe(true);
        expect(map.method).toBe(
          `Grad-CAM (Selvaraju et al. 2017) on ${must(getModel(p.modelId)).info.camLayer}`,
        );
      }
    }
  });

  it("reports where each file's time went, on the worker's clock", () => {
    const ok = must(results[0]);
    const t = must(ok.timing);
    for (const v of [t.decodeMs, t.prepareMs, t.modelsMs]) expect(v).toBeGreaterThan(0);
    let models = 0;
    for (const p of ok.predictions) {
      const m = must(p.timing);
      expect(m.forwardMs).toBeGreaterThan(0);
      expect(m.saliencyMs).toBeGreaterThan(0); // saliency is on by default
      expect(m.readMs).toBeGreaterThanOrEqual(0);
      expect(m.queued).toBe(false); // the CPU backend runs each op before it returns
      models += m.forwardMs + m.saliencyMs + m.readMs;
    }
    // each model's split lies within the file's models stage (the clock never runs backwards)
    expect(models).toBeLessThanOrEqual(t.modelsMs + 1e-6);
    expect(results[1]?.timing).toBeUndefined(); // an error entry has no stages to report
  });

  it('turns bad files into error entries and carries on', () => {
    expect(results.map((r) => r.status)).toEqual(['ok', 'error', 'error', 'ok']);
    expect(results[1]?.error?.code).toBe('not-an-image');
    expect(results[2]?.error?.code).toBe('no-pixel-data');
    expect(results[3]?.image).toMatchObject({ format: 'dicom', modality: 'MR', bitsStored: 12 });
    expect(events.map((e) => [e.index, e.total, e.status])).toEqual([
      [0, 4, 'ok'],
      [1, 4, 'error'],
      [2, 4, 'error'],
      [3, 4, 'ok'],
    ]);
  });

  it('holds one file at a time and leaks no tensors', () => {
    expect(fullResolutionGauge.peak).toBe(2); // decoded samples + their grey copy
    expect(fullResolutionGauge.live).toBe(0);
    expect(leaked).toBe(0);
  });

  it('refuses bad options and unknown models before reading any file', async () => {
    await expect(predictImages([], ['a'], { saliencySize: 0 })).rejects.toThrow(/saliencySize/);
    await expect(predictImages([], ['a', 'zzz'])).rejects.toThrow(/no model "zzz"/);
  });

  it('results are structured-cloneable (they cross the worker boundary)', () => {
    expect(structuredClone(results)).toEqual(results);
  });

  it('never writes identifying DICOM values into the CSV', () => {
    const tags = must(must(results[3]).image).identifyingTags;
    const values = tags.map((t) => t.value).filter((v) => v.length >= 5);
    expect(values).toContain('CompressedSamples^MR2');
    const csv = predictionsCsv(results);
    for (const value of values) expect(csv).not.toContain(value);
    expect(csv.split('\r\n')).toHaveLength(1 + 2 + 1 + 1 + 2 + 1); // header, rows, trailing ''
  });
});

describe('the shared X-rays', () => {
  it('run through predictImages; the MR, tibia and rocket are flagged, chests are not', async () => {
    const names = [...CHESTS, ...NOT_CHESTS];
    // Privacy: the whole pipeline runs with the network unplugged.
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: unknown) => {
      fetched.push(String(url));
      return Promise.reject(new Error('no network in inference'));
    });
    const results = await predictImages(names.map(file), ['b'], {
      saliency: false,
      thumbnailSize: 64,
    });
    const flagged = Object.fromEntries(results.map((r) => [r.name, r.ood?.flagged]));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    vi.unstubAllGlobals();
    expect(fetched).toEqual([]);
    for (const name of CHESTS) expect(flagged[name], name).toBe(false);
    for (const name of NOT_CHESTS) expect(flagged[name], name).toBe(true);
    for (const r of results) {
      expect(Math.max(must(r.thumbnail).width, must(r.thumbnail).height)).toBe(64);
      expect(must(r.predictions[0]).probabilities.every((p) => p > 0 && p < 1)).toBe(true);
    }
  });
});
