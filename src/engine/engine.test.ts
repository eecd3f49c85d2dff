/**
 * The engine end to end on the committed wasm builds: logits of every zoo architecture and of
 * the TorchXRayVision chest models (1-channel DenseNet-121 and ResNet-50, 18 outputs) against
 * the LayersModel on the tfjs CPU backend, within 1e-4 of max|logit|, on plain SIMD and relaxed
 * SIMD, 1 thread (private memory) and 2 threads (shared memory, a worker_threads pool thread).
 * Relaxed SIMD's FMA rounds once where plain SIMD rounds twice; the tolerance covers both.
 */
import * as tf from '@tensorflow/tfjs';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitTable } from '../zoo/analytic.ts';
import { getArch, listArchs } from '../zoo/registry.ts';
import { createEngine, pickBuild } from './index.ts';
import { nodeBinaries } from './nodeBinaries.ts';
import { nodeSpawnThread } from './nodeThreads.ts';
import { makeCase, maxDiff, smallInput, type Case } from './testing/tfModels.ts';
import type { Engine, EngineBuild } from './types.ts';

const CONFIGS = [
  ['simd', 1],
  ['simd', 2],
  ['relaxed-simd', 1],
  ['relaxed-simd', 2],
] as const satisfies readonly (readonly [EngineBuild, number])[];

/** Node 20 validates relaxed SIMD only behind a V8 flag (on by default from V8 11.4). */
const relaxedByDefault = pickBuild() === 'relaxed-simd';
const engines = new Map<string, Engine>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (!relaxedByDefault) setFlagsFromString('--experimental-wasm-relaxed-simd');
  for (const [build, threads] of CONFIGS) {
    const e = await createEngine({
      binaries: nodeBinaries,
      threads,
      spawn: nodeSpawnThread,
      isolated: true,
      forceBuild: build,
    });
    if (e === null) throw new Error(`${build} did not load`);
    expect(e.info).toMatchObject({ build, threads });
    engines.set(`${build}/${threads}`, e);
  }
});

afterAll(() => {
  engines.forEach((e) => e.dispose());
});

/** The full model (pre-logits head) where it is small, else half the units removed. */
function zooCase(id: string): Case {
  const full = getArch(id).meta.params1000.value < 26e6;
  const n = unitTable(id).units.length;
  const unitsRemoved = full ? 0 : Math.floor(n / 2);
  return { id, numClasses: 7, unitsRemoved, inputSize: smallInput(id), inChannels: 3 };
}

const CASES: readonly (readonly [string, Case])[] = [
  ...listArchs().map((id) => [id, zooCase(id)] as const),
  [
    'xrv densenet121',
    { id: 'densenet121', numClasses: 18, unitsRemoved: 0, inputSize: 32, inChannels: 1 },
  ],
  [
    'xrv resnet50',
    { id: 'resnet50', numClasses: 18, unitsRemoved: 0, inputSize: 32, inChannels: 1 },
  ],
];

describe.each(CASES)('%s', (_name, c) => {
  it('logits equal the LayersModel on every build and thread count', () => {
    const { model, src, input, want } = makeCase(c, 2, 5);
    const scale = maxDiff(want, want).scale;
    expect(scale).toBeGreaterThan(0);
    for (const [key, engine] of engines) {
      const m = engine.compile(src);
      const got = m.predict(input, 2);
      const { diff } = maxDiff(got, want);
      expect(diff, `${key}: max diff ${diff} vs max|logit| ${scale}`).toBeLessThanOrEqual(
        1e-4 * scale,
      );
      m.dispose();
    }
    model.dispose();
  });
});

describe('Grad-CAM features', () => {
  it.each([
    ['densenet121', 3, null], // the last kept unit: the block's whole buffer
    // mid-block: a channel slice of the dense block's buffer (stride > channels)
    ['densenet121', 3, 'features.denseblock2.denselayer3.cat'],
    ['mobilenetv2_100', 0, null], // a BN whose activation lies outside the unit
    ['efficientnet_b0', 3, null],
    ['inception_v3', 5, null],
  ] as const)(
    '%s minus %i: features (%s, else the last unit) equal the LayersModel',
    (id, k, node) => {
      const featuresNode = node ?? unitTable(id, smallInput(id)).units.at(-1 - k)?.outputNode ?? '';
      const c = {
        id,
        numClasses: 5,
        unitsRemoved: k,
        inputSize: smallInput(id),
        inChannels: 3,
        featuresNode,
      };
      const { model, src, input, want, wantFeatures } = makeCase(c, 2, 8);
      for (const [key, engine] of engines) {
        const m = engine.compile(src);
        const r = m.predictWithFeatures(input, 2);
        const f = maxDiff(r.features, wantFeatures ?? new Float32Array());
        expect(f.diff, key).toBeLessThanOrEqual(1e-4 * f.scale);
        const l = maxDiff(r.logits, want);
        expect(l.diff, key).toBeLessThanOrEqual(1e-4 * l.scale);
        expect(r.features.length).toBe(2 * r.featureShape.reduce((a, b) => a * b, 1));
        m.dispose();
      }
      model.dispose();
    },
  );
});
