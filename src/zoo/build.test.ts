import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countTruncated, unitTable } from './analytic.ts';
import { buildModel, withUnitOutput } from './build.ts';
import { weightRefs } from './keymap.ts';
import { truncatedNodes } from './plan.ts';
import { getArch, listArchs } from './registry.ts';
import { readReferenceJson } from '../test/testData.ts';

const REF = readReferenceJson('architectures_units.json') as Record<
  string,
  { total_1000: number; bn_ch_total: number }
>;

const size = (w: tf.LayerVariable): number => w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
const trainable = (m: tf.LayersModel): number =>
  m.trainableWeights.reduce((s, w) => s + size(w), 0);
const nonTrainable = (m: tf.LayersModel): number =>
  m.nonTrainableWeights.reduce((s, w) => s + size(w), 0);
/** Smallest convenient input: Inception needs 75 px (its stem alone removes 2 x 3 x 3 + pools). */
const smallInput = (id: string): number => (id.startsWith('inception') ? 75 : 64);

/** Truncation depths to build: all for models under 30 M parameters and 30 units, else a spread. */
function depths(id: string): number[] {
  const n = unitTable(id).units.length;
  if (n <= 30 && getArch(id).meta.params1000.value < 30e6)
    return Array.from({ length: n }, (_, k) => k);
  return [...new Set([0, 1, 2, Math.floor(n / 2), n - 1])];
}

describe.each(listArchs())('%s (tf.layers)', (id) => {
  it('has the timm parameter counts and exactly the timm tensors, by name and shape', () => {
    const before = tf.memory().numTensors;
    const model = buildModel(id, { numClasses: 1000, initializer: 'zeros' });
    const ref = REF[id];
    expect(trainable(model)).toBe(ref?.total_1000);
    expect(trainable(model)).toBe(countTruncated(id, { numClasses: 1000 }).trainable);
    expect(nonTrainable(model)).toBe(2 * (ref?.bn_ch_total ?? NaN));
    // Every tf weight is `<timm module path>/<tf weight name>` with the converted timm shape.
    const got = model.weights.map((w) => `${w.originalName} ${w.shape.join('x')}`).sort();
    const { nodes } = truncatedNodes(getArch(id).plan(), 0, 1000);
    const want = weightRefs(nodes, 224)
      .map((r) => `${r.layer}/${r.tfName} ${r.tfShape.join('x')}`)
      .sort();
    expect(got).toEqual(want);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('truncates: counts, head shape and last kept unit shape agree with the analytic counter', () => {
    const input = smallInput(id);
    const units = unitTable(id, input).units;
    for (const k of depths(id)) {
      const model = buildModel(id, {
        numClasses: 5,
        unitsRemoved: k,
        inputSize: input,
        initializer: 'zeros',
      });
      const a = countTruncated(id, { numClasses: 5, unitsRemoved: k, inputSize: input });
      const u = units[units.length - 1 - k];
      expect([trainable(model), nonTrainable(model)], `k=${k}`).toEqual([
        a.trainable,
        a.nonTrainable,
      ]);
      expect(model.outputs[0]?.shape).toEqual([null, 5]);
      const last = model.getLayer(a.lastUnitLayer).output as tf.SymbolicTensor;
      expect(last.shape, `k=${k}`).toEqual([null, u?.outHw, u?.outHw, u?.outCh]);
      model.dispose();
    }
  });

  it('runs a forward pass to finite logits without leaking tensors', () => {
    const input = smallInput(id);
    const start = tf.memory().numTensors;
    const model = buildModel(id, { numClasses: 5, inputSize: input, seed: 7 });
    const before = tf.memory().numTensors;
    // Grad-CAM view: [last kept unit, logits], sharing the weights (no new tensors)
    const a = countTruncated(id, { numClasses: 5, inputSize: input });
    const cam = withUnitOutput(model, a.lastUnitLayer);
    const shapes = tf.tidy(() =>
      (cam.predict(tf.zeros([1, input, input, 3])) as tf.Tensor[]).map((t) => t.shape),
    );
    expect(shapes).toEqual([
      [1, a.outHw, a.outHw, a.outChannels],
      [1, 5],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    const y = tf.tidy(
      () => model.predict(tf.randomUniform([1, input, input, 3], -1, 1, 'float32', 1)) as tf.Tensor,
    );
    expect(y.shape).toEqual([1, 5]);
    const values = Array.from(y.dataSync());
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
