import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { countTruncated } from '../../zoo/analytic.ts';
import { buildModel, withUnitOutput } from '../../zoo/build.ts';
import { listArchs } from '../../zoo/registry.ts';
import { analyseHead, channelWeights, gradCamMaps } from './gradcam.ts';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Grad-CAM weights and maps of a seeded model on a seeded input, on the active backend. */
function camOn(arch: string, unitsRemoved: number): { weights: Float32Array; maps: Float32Array } {
  const size = 32;
  const model = buildModel(arch, { numClasses: 5, unitsRemoved, inputSize: size, seed: 5 });
  const layer = countTruncated(arch, { unitsRemoved, inputSize: size }).lastUnitLayer;
  const head = analyseHead(model, layer);
  const [weights, maps] = tf.tidy(() => {
    const x = tf.randomNormal([1, size, size, 3], 0, 1, 'float32', 3);
    const [features] = withUnitOutput(model, layer).predict(x) as tf.Tensor4D[];
    if (features === undefined) throw new Error('no features');
    const w = channelWeights(head, features);
    return [w, gradCamMaps(features, w, size)];
  });
  const out = {
    weights: weights.dataSync() as Float32Array,
    maps: maps.dataSync() as Float32Array,
  };
  tf.dispose([weights, maps]);
  model.dispose();
  return out;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? NaN))), 0);

describe('Grad-CAM without convolution gradients', () => {
  it.each([
    ['mobilenetv3_large_100', 0], // pre-logits head: tf.grad through matMul + hard-swish
    ['resnet18', 6], // GAP → Dense: analytic
  ])('%s −%i units runs on WASM and matches the CPU backend', async (arch, k) => {
    await tf.setBackend('wasm');
    const wasm = camOn(arch, k);
    await tf.setBackend('cpu');
    const cpu = camOn(arch, k);
    const scale = cpu.weights.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale).toBeGreaterThan(0);
    expect(maxAbsDiff(wasm.weights, cpu.weights)).toBeLessThan(1e-4 * scale);
    expect(maxAbsDiff(wasm.maps, cpu.maps)).toBeLessThan(1e-3);
  });

  it.each(listArchs())('%s: the full model head is one we can differentiate', async (arch) => {
    await tf.setBackend('cpu');
    const model = buildModel(arch, { numClasses: 5, initializer: 'zeros' });
    const head = analyseHead(model, countTruncated(arch).lastUnitLayer);
    expect(head.chain[0]?.getClassName()).toBe('GlobalAveragePooling2D');
    model.dispose();
  });
});
