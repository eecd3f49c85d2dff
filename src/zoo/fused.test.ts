/**
 * The fused inference path against the tf.layers model it was compiled from, on the CPU backend:
 * every architecture, several truncation depths, random weights and random BN statistics (with
 * the default gamma 1 / beta 0 / mean 0 / var 1, folding would be the identity and prove nothing).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { unitTable } from './analytic.ts';
import { buildModel, withUnitOutput } from './build.ts';
import { compileFused } from './fused.ts';
import { truncatedNodes } from './plan.ts';
import { getArch, listArchs } from './registry.ts';
import { randomiseBn, smallInput } from './testing/randomBn.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Half the units removed and only the first unit kept for every architecture, plus the full
 * model (pre-logits head, last units) for those under 26 M parameters; the two 40 M+ models are
 * the same code as their smaller siblings and would take most of the time budget on CPU.
 */
function depths(id: string): number[] {
  const n = unitTable(id).units.length;
  const full = getArch(id).meta.params1000.value < 26e6 ? [0] : [];
  return [...new Set([...full, Math.floor(n / 2), n - 1])];
}

/** max |a - b| (or max |a| without b), leaving no tensors behind. */
function maxAbs(a: tf.Tensor, b?: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(b === undefined ? a : tf.sub(a, b))).dataSync()[0] ?? NaN);
}

describe.each(listArchs())('%s fused', (id) => {
  it.each(depths(id))('equals model.predict with %i units removed', (k) => {
    const inputSize = smallInput(id);
    const opts = { numClasses: 7, unitsRemoved: k, inputSize };
    const model = buildModel(id, { ...opts, seed: 11 });
    randomiseBn(model, 100 + k);
    const x = tf.randomNormal<tf.Rank.R4>([2, inputSize, inputSize, 3], 0, 1, 'float32', 3);
    const want = model.predict(x) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const fused = compileFused(model, id, opts);
    const afterCompile = tf.memory().numTensors;
    const got = fused.predict(x);
    expect(got.shape).toEqual([2, 7]);
    const scale = maxAbs(want);
    expect(scale).toBeGreaterThan(0);
    expect(maxAbs(got, want)).toBeLessThanOrEqual(1e-4 * scale);
    // predict leaves only its output behind; dispose frees exactly what compile allocated.
    expect(tf.memory().numTensors).toBe(afterCompile + 1);
    got.dispose();
    fused.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, want]);
    // Every BN that follows a conv was folded (none in the nodes is left unaccounted for).
    const nodes = truncatedNodes(getArch(id).plan(), k, 7).nodes;
    const bns = nodes.filter((n) => n.op === 'bn').length;
    expect(fused.stats.foldedBn + fused.stats.standaloneBn).toBe(bns);
    expect(fused.stats.foldedBn).toBeGreaterThan(0);
    model.dispose();
  });
});

describe('Grad-CAM features and grey input on the fused path', () => {
  it.each([
    ['mobilenetv2_100', 0], // the last unit is a conv + BN whose activation lies outside it
    ['resnet18', 2],
    ['efficientnet_b0', 3],
  ] as const)('%s minus %i returns the last kept unit as the LayersModel does', (id, k) => {
    const opts = { numClasses: 5, unitsRemoved: k, inputSize: 32 };
    const model = buildModel(id, { ...opts, seed: 4 });
    randomiseBn(model, 9);
    const layer = unitTable(id, 32).units.at(-1 - k)?.outputNode ?? '';
    const x = tf.randomNormal<tf.Rank.R4>([1, 32, 32, 3], 0, 1, 'float32', 5);
    const [wantFeatures, wantLogits] = withUnitOutput(model, layer).predict(x) as [
      tf.Tensor,
      tf.Tensor,
    ];
    const fused = compileFused(model, id, { ...opts, featuresNode: layer });
    const [features, logits] = fused.predictWithFeatures(x);
    expect(maxAbs(features, wantFeatures)).toBeLessThanOrEqual(1e-4 * maxAbs(wantFeatures));
    expect(maxAbs(logits, wantLogits)).toBeLessThanOrEqual(1e-4 * maxAbs(wantLogits));
    tf.dispose([x, wantFeatures, wantLogits, features, logits]);
    fused.dispose();
    model.dispose();
  });

  it('runs a 1-channel model (TorchXRayVision-style stem) and refuses 3-channel input', () => {
    const opts = { numClasses: 18, inputSize: 32 };
    const model = buildModel('densenet121', { ...opts, seed: 2, inChannels: 1 });
    randomiseBn(model, 3);
    const x = tf.randomNormal<tf.Rank.R4>([1, 32, 32, 1], 0, 1, 'float32', 6);
    const want = model.predict(x) as tf.Tensor2D;
    const fused = compileFused(model, 'densenet121', opts);
    const got = fused.predict(x);
    expect(maxAbs(got, want)).toBeLessThanOrEqual(1e-4 * maxAbs(want));
    const rgb = tf.zeros<tf.Rank.R4>([1, 32, 32, 3]);
    expect(() => fused.predict(rgb)).toThrow(/expected \[b, 32, 32, 1\]/);
    tf.dispose([x, want, got, rgb]);
    fused.dispose();
    model.dispose();
  });
});
