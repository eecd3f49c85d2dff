/**
 * Hand-checked numerics of the PyTorch quirks `build.ts` reproduces, on tiny plans: the values
 * below are what PyTorch computes (worked out by hand in the comments), and each differs from
 * what the naive tfjs equivalent gives.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFromNodes } from './build.ts';
import { PlanBuilder } from './plan.ts';

let models: tf.LayersModel[] = [];
afterEach(() => {
  models.forEach((m) => m.dispose());
  models = [];
});

function run(b: PlanBuilder, input: tf.Tensor4D): number[][] {
  const model = buildFromNodes(b.nodes, input.shape[1], { initializer: 'zeros' }, 'probe');
  models.push(model);
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    // all-ones kernels, BN left at gamma 1 / beta 0 / mean 0 / var 1
    if (layer.getClassName().includes('Conv')) layer.setWeights(ws.map((w) => tf.onesLike(w)));
  }
  return tf.tidy(() => {
    const y = model.predict(input) as tf.Tensor4D;
    // channel 0 as rows x cols
    return y
      .slice([0, 0, 0, 0], [1, -1, -1, 1])
      .reshape([y.shape[1], y.shape[2]])
      .arraySync() as number[][];
  });
}

const ones = (n: number): tf.Tensor4D => tf.ones([1, n, n, 3]);

describe('PyTorch numerics in tf.layers', () => {
  it('pads stride-2 convs symmetrically (k//2 each side), not TF-same bottom/right', () => {
    const b = new PlanBuilder(1e-5);
    b.conv('c', b.input, 1, { kernel: 3, stride: 2 });
    // 4x4 ones, 3x3 ones kernel over 3 channels, padding 1: window pixel counts 4, 6, 6, 9.
    // TF 'same' would start at row/col 0 and give 27 in the top-left corner.
    expect(run(b, ones(4))).toEqual([
      [12, 18],
      [18, 27],
    ]);
  });

  it('InceptionV3 avg pools count the padding (divide by 9 at the border)', () => {
    const b = new PlanBuilder(1e-3);
    b.avgPool('p', b.input, 3, 1, 1, true);
    const y = run(b, ones(3));
    expect(y[0]?.[0]).toBeCloseTo(4 / 9, 6);
    expect(y[0]?.[1]).toBeCloseTo(6 / 9, 6);
    expect(y[1]?.[1]).toBeCloseTo(1, 6);
  });

  it('InceptionV4 avg pools exclude the padding (TF same)', () => {
    const b = new PlanBuilder(1e-3);
    b.avgPool('p', b.input, 3, 1, 1, false);
    expect(
      run(b, ones(3))
        .flat()
        .every((v) => Math.abs(v - 1) < 1e-6),
    ).toBe(true);
  });

  it('uses the catalog BN epsilon (1e-5 here, tfjs default 1e-3)', () => {
    const b = new PlanBuilder(1e-5);
    b.bn('bn', b.input, null);
    const model = buildFromNodes(b.nodes, 2, { initializer: 'zeros' }, 'bn');
    models.push(model);
    const layer = model.getLayer('bn');
    // moving variance 0: y = x / sqrt(eps) = 1 / sqrt(1e-5) = 316.23 (1e-3 would give 31.6)
    layer.setWeights([tf.ones([3]), tf.zeros([3]), tf.zeros([3]), tf.zeros([3])]);
    const y = tf.tidy(() => (model.predict(ones(2)) as tf.Tensor).dataSync()[0]);
    expect(y).toBeCloseTo(1 / Math.sqrt(1e-5), 1);
  });

  it.each([
    ['hardSigmoid', [-4, -3, 0, 1.5, 3, 4], [0, 0, 0.5, 0.75, 1, 1]],
    ['hardSwish', [-4, -3, 0, 1.5, 3, 4], [0, 0, 0, 1.125, 3, 4]],
  ] as const)('%s is relu6(x + 3) / 6 based (PyTorch), not 0.2x + 0.5', (fn, xs, want) => {
    const b = new PlanBuilder(1e-5);
    b.act('a', b.input, fn);
    const model = buildFromNodes(b.nodes, 1, { initializer: 'zeros' }, 'act');
    models.push(model);
    const got = tf.tidy(() =>
      xs.map((x) => (model.predict(tf.fill([1, 1, 1, 3], x)) as tf.Tensor).dataSync()[0]),
    );
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i] ?? NaN, 6));
  });

  it('saves and restores custom layers through the tfjs serialization registry', async () => {
    const b = new PlanBuilder(1e-5);
    b.act('hs', b.act('hsig', b.input, 'hardSigmoid'), 'hardSwish');
    const model = buildFromNodes(b.nodes, 2, { initializer: 'zeros' }, 'ser');
    models.push(model);
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (saved === null) throw new Error('not saved');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    models.push(loaded);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'PtHardSigmoid',
      'PtHardSwish',
    ]);
  });
});
