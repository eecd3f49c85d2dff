/**
 * Test-only: random-weight LayersModels and their engine sources, for comparing the engine with
 * tfjs. Imports TensorFlow.js, so only tests may import it (eslint exempts src/engine/testing).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../zoo/build.ts';
import { engineSource } from '../../zoo/engineSource.ts';
import type { EngineModelSource } from '../types.ts';
import { randomiseBn, smallInput } from '../../zoo/testing/randomBn.ts';

export { smallInput };

export interface Case {
  readonly id: string;
  readonly numClasses: number;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly inChannels: number;
  readonly featuresNode?: string;
}

/** A model, its source, an input batch and the LayersModel's logits (and features). */
export function makeCase(c: Case, batch: number, seed: number) {
  const opts = { numClasses: c.numClasses, unitsRemoved: c.unitsRemoved, inputSize: c.inputSize };
  const model = buildModel(c.id, { ...opts, seed, inChannels: c.inChannels });
  randomiseBn(model, 100 + seed);
  const shape = [batch, c.inputSize, c.inputSize, c.inChannels];
  const x = tf.randomNormal(shape, 0, 1, 'float32', seed + 1);
  const outs =
    c.featuresNode === undefined
      ? []
      : [model.getLayer(c.featuresNode).output as tf.SymbolicTensor];
  const probe = tf.model({ inputs: model.inputs, outputs: [...outs, ...model.outputs] });
  const ys = [probe.predict(x)].flat() as tf.Tensor[];
  const want = Float32Array.from(ys[ys.length - 1]?.dataSync() ?? []);
  const wantFeatures = outs.length ? Float32Array.from(ys[0]?.dataSync() ?? []) : null;
  const src: EngineModelSource = engineSource(model, c.id, {
    ...opts,
    ...(c.featuresNode === undefined ? {} : { featuresNode: c.featuresNode }),
  });
  const input = Float32Array.from(x.dataSync());
  tf.dispose([x, ...ys]);
  return { model, src, input, want, wantFeatures };
}

/** max |a - b| and max |b|. */
export function maxDiff(a: Float32Array, b: Float32Array): { diff: number; scale: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(
      diff,
      Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)) || (Number.isNaN(a[i]) ? Infinity : 0),
    );
    scale = Math.max(scale, Math.abs(b[i] ?? 0));
  }
  return { diff, scale };
}
