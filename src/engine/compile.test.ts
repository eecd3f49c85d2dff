/**
 * The compiler and memory plan against the LayersModel on the tfjs CPU backend, with the engine
 * ABI implemented in plain JavaScript (testing/jsEngine.ts), so this checks the TypeScript half
 * alone: fusion, BN folding, padding, concat slices, liveness reuse. engine.test.ts runs the same
 * programs on the wasm builds.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { unitTable } from '../zoo/analytic.ts';
import { compileModel } from './compile.ts';
import { jsEngine } from './testing/jsEngine.ts';
import { makeCase, maxDiff, smallInput } from './testing/tfModels.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * One architecture per kind of op and placement (engine.test.ts covers all of them on wasm):
 * dense-block concat chains, nested concats and count_include_pad pools (v3), exclude-pad pools
 * (v4), SE with swish, hard-swish / hard-sigmoid and the pre-logits head, residual add + ReLU.
 */
const ORACLE_ARCHS = [
  'densenet121',
  'inception_v3',
  'inception_v4',
  'efficientnet_b0',
  'mobilenetv3_large_100',
  'resnet18',
];

describe.each(ORACLE_ARCHS)('%s on the JS oracle', (id) => {
  it('equals model.predict (half the units removed)', () => {
    const n = unitTable(id).units.length;
    const c = {
      id,
      numClasses: 7,
      unitsRemoved: Math.floor(n / 2),
      inputSize: smallInput(id),
      inChannels: 3,
    };
    const { model, src, input, want } = makeCase(c, 2, 11);
    const js = jsEngine();
    const m = compileModel({ ...js, threads: 1 }, src);
    const got = m.predict(input, 2);
    const { diff, scale } = maxDiff(got, want);
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(1e-4 * scale);
    if (id.startsWith('densenet') || id.startsWith('inception')) expect(m.stats.copies).toBe(0);
    m.dispose();
    model.dispose();
  });
});
