import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTruncated } from '../../zoo/analytic.ts';
import { buildModel, withUnitOutput } from '../../zoo/build.ts';
import {
  analyseHead,
  channelWeights,
  channelWeightsAutodiff,
  gradCamLabel,
  gradCamMaps,
} from './gradcam.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random-weight model at a small input, its Grad-CAM view and features of a random image. */
function setup(arch: string, unitsRemoved: number, inputSize: number) {
  const model = buildModel(arch, { numClasses: 5, unitsRemoved, inputSize, seed: 3 });
  const layer = countTruncated(arch, { unitsRemoved, numClasses: 5, inputSize }).lastUnitLayer;
  const view = withUnitOutput(model, layer);
  const x = tf.randomNormal([1, inputSize, inputSize, 3], 0, 1, 'float32', 11);
  const [features, logits] = view.predict(x) as [tf.Tensor4D, tf.Tensor];
  x.dispose();
  return { model, layer, view, features, logits };
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? NaN);

describe('Grad-CAM channel weights', () => {
  it('GAP → Dense head (truncated resnet18): analytic W / HW equals autodiff through the layers', () => {
    const { model, layer, view, features } = setup('resnet18', 5, 64);
    const head = analyseHead(model, layer);
    expect(head.kind).toBe('gap-dense');
    expect(analyseHead(view, layer).chain.map((l) => l.name)).toEqual(
      head.chain.map((l) => l.name),
    );
    const analytic = channelWeights(head, features);
    const autodiff = channelWeightsAutodiff(head, features);
    expect(analytic.shape).toEqual([features.shape[3], 5]);
    const scale = tf.tidy(() => tf.max(tf.abs(autodiff)).dataSync()[0] ?? 0);
    expect(scale).toBeGreaterThan(0);
    expect(maxAbsDiff(analytic, autodiff)).toBeLessThan(1e-6 * Math.max(1, scale));
    tf.dispose([analytic, autodiff, features]);
    model.dispose();
  });

  it('pre-logits head (full mobilenetv3): tf.grad on the pooled vector equals autodiff', () => {
    const { model, layer, features } = setup('mobilenetv3_large_100', 0, 32);
    const head = analyseHead(model, layer);
    expect(head.kind).toBe('gap-mlp');
    const fast = channelWeights(head, features);
    const reference = channelWeightsAutodiff(head, features);
    const scale = tf.tidy(() => tf.max(tf.abs(reference)).dataSync()[0] ?? 0);
    expect(scale).toBeGreaterThan(0);
    expect(maxAbsDiff(fast, reference)).toBeLessThan(1e-5 * scale);
    tf.dispose([fast, reference, features]);
    model.dispose();
  });

  it('refuses a missing layer, and a layer that is not the head input', () => {
    const model = buildModel('resnet18', { numClasses: 5, unitsRemoved: 6, inputSize: 32 });
    expect(() => analyseHead(model, 'no-such-layer')).toThrow(/no layer no-such-layer/);
    // The stem feeds the logits only through the residual units: the walk meets a merge.
    expect(() => analyseHead(model, 'conv1')).toThrow(/merges/);
    model.dispose();
  });
});

describe('gradCamMaps', () => {
  it('is ReLU(Σ α_c A_c), upsampled, scaled to max 1, one map per task, without leaks', () => {
    // 2×2 map, 2 channels, 2 tasks; task 1 has only negative evidence → all zeros.
    const features = tf.tensor4d([1, 0, 0, 1, 2, 0, 0, 2], [1, 2, 2, 2]);
    const weights = tf.tensor2d([1, -1, 0, -1], [2, 2]);
    const before = tf.memory().numTensors;
    const maps = gradCamMaps(features, weights, 4);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(maps.shape).toEqual([2, 4, 4]);
    const data = maps.arraySync();
    // task 0: CAM = channel 0 = [[1, 0], [2, 0]] → peak 2 at the bottom-left corner.
    expect(data[0]?.[3]?.[0]).toBeCloseTo(1, 6);
    expect(data[0]?.[0]?.[3]).toBeCloseTo(0, 6);
    expect(Math.max(...(data[1]?.flat() ?? [1]))).toBe(0);
    for (const v of data.flat(2)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    tf.dispose([features, weights, maps]);
  });

  it('labels the method with the layer', () => {
    expect(gradCamLabel('layer4.1.act2')).toBe('Grad-CAM (Selvaraju et al. 2017) on layer4.1.act2');
  });
});
