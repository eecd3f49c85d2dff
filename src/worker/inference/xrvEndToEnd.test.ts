/**
 * End to end against TorchXRayVision's own pipeline: real chest X-rays (test-data/xrays) through
 * `xrv.utils.load_image` → `XRayCenterCrop` → `XRayResizer(224)` → its DenseNet class (synthetic
 * weights) in PyTorch, vs the app's path: the checkpoint dropped into the worker (`loadCheckpoint`,
 * the published 'chex' file name), then `predictImages` (the app's decoding, TorchXRayVision's
 * preprocessing, the fused path) on the WASM backend. Reference values: xrv_end_to_end.json from
 * scripts/fixtures/xrv_fixtures.py.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../imaging/index.ts';
import { toXrvInput } from '../../imaging/xrvPreprocess.ts';
import { XRAYS_DIR } from '../../test/testData.ts';
import { readTorchFixtureJson, rebuildBigFixture } from '../../test/torchFixtures.ts';
import { chestModel } from '../../zoo/chestCatalog.ts';
import { disposeAllModels } from '../models/models.ts';
import { loadCheckpoint } from '../weights/checkpointApi.ts';
import { predictImages } from './inference.ts';
import type { FilePrediction } from './inferenceProtocol.ts';

interface EndToEnd {
  readonly grid: { readonly step: number; readonly side: number };
  readonly images: readonly {
    readonly file: string;
    readonly inputGrid: readonly number[];
    readonly logits: readonly number[];
    readonly calibratedChex: readonly number[];
  }[];
}

const REF = readTorchFixtureJson<EndToEnd>('xrv_end_to_end.json');
const CHEX_FILE = 'chex-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt';
const bytesOf = (name: string): ArrayBuffer => {
  const b = readFileSync(path.join(XRAYS_DIR, name));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

let results: FilePrediction[] = [];
let loadedSource = '';
let loadedProvenance: unknown = null;
const measured: Record<string, { input: number; logits: number; calibrated: number }> = {};

beforeAll(async () => {
  await tf.setBackend('wasm');
  const { bytes } = rebuildBigFixture('xrv_densenet121_module_zip');
  const buffer = new Uint8Array(bytes).buffer; // a copy the worker API may take over
  const loaded = await loadCheckpoint({
    source: { kind: 'buffer', buffer, name: CHEX_FILE },
    fileName: CHEX_FILE,
  });
  if (!loaded.ok) throw new Error(loaded.refusal.sentence);
  loadedSource = loaded.info.source;
  loadedProvenance = loaded.info.provenance;
  const files = REF.images.map((im) => ({ name: im.file, bytes: bytesOf(im.file) }));
  results = await predictImages(files, [loaded.modelId], { saliencySize: 28 });
});
afterAll(async () => {
  console.log('end to end vs TorchXRayVision (max |diff| / max |value| per image):', measured);
  disposeAllModels();
  await tf.setBackend('cpu');
});

describe('TorchXRayVision densenet121-res224-chex layout, synthetic weights, real X-rays', () => {
  it('is labelled by its layout, not as trained: a published name is no proof of the weights', () => {
    expect(loadedSource).toBe(
      "DenseNet-121 in TorchXRayVision's layout: weights not verified (named as TorchXRayVision densenet121-res224-chex)",
    );
    expect(loadedProvenance).toMatchObject({
      verified: false,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each(REF.images.map((im, i) => [im.file, i] as const))('%s', async (file, i) => {
    const ref = REF.images[i];
    const result = results[i];
    const p = result?.predictions[0];
    if (ref === undefined || p === undefined) throw new Error(`no result for ${file}`);
    // preprocessing alone, on the sampled grid (every 8th row and column)
    const { input } = toXrvInput(await decodeImage(new Uint8Array(bytesOf(file))), 224);
    const { step, side } = REF.grid;
    let inputErr = 0;
    ref.inputGrid.forEach((v, k) => {
      const at = Math.floor(k / side) * step * 224 + (k % side) * step;
      inputErr = Math.max(inputErr, Math.abs((input.data[at] ?? NaN) - v));
    });
    // null (no operating point: TorchXRayVision's op_norm leaves 0.5 there) is not compared
    const rel = (got: readonly (number | null)[], want: readonly number[]): number =>
      want.reduce((m, v, k) => {
        const g = got[k];
        return g === null ? m : Math.max(m, Math.abs((g ?? NaN) - v));
      }, 0) / Math.max(...want.map(Math.abs));
    const thresholds = chestModel('densenet121-res224-chex')?.opThreshs.value ?? [];
    expect(p.calibrated?.map((c) => c === null)).toEqual(thresholds.map((t) => t === null));
    measured[file] = {
      input: inputErr / 1024,
      logits: rel(p.logits, ref.logits),
      calibrated: rel(p.calibrated ?? [], ref.calibratedChex),
    };
    expect(result?.ood?.flagged).toBe(false);
    expect(inputErr).toBeLessThan(1e-2); // of a [-1024, 1024] range
    expect(measured[file]?.logits).toBeLessThan(3e-2);
    expect(measured[file]?.calibrated).toBeLessThan(3e-2);
    expect(p.outputs).toEqual(chestModel('densenet121-res224-chex')?.outputs.value);
    expect(p.saliency.map((m) => m.task)).toEqual(
      p.outputs.filter((o) => o !== '').map((o) => (o === 'Effusion' ? 'Pleural Effusion' : o)),
    );
  });
});
