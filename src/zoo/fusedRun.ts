/**
 * The compiled inference path's steps and its interpreter (see fused.ts): one tfjs op per step,
 * each value released right after its last reader.
 */
import * as tf from '@tensorflow/tfjs';

/** One compiled op: reads named values, writes one. */
export interface Step {
  readonly out: string;
  readonly inputs: readonly string[];
  readonly run: (xs: tf.Tensor[]) => tf.Tensor;
  /** Inputs whose last reader is this step: disposed right after it to bound peak memory. */
  release: string[];
}

/**
 * @param out the value it writes
 * @param inputs the values it reads
 * @param run the op
 * @returns the step
 */
export function step(
  out: string,
  inputs: readonly string[],
  run: (xs: tf.Tensor[]) => tf.Tensor,
): Step {
  return { out, inputs, run, release: [] };
}

/** @returns the first input (throws when there is none) */
export const first = (xs: tf.Tensor[]): tf.Tensor => {
  const x = xs[0];
  if (x === undefined) throw new Error('fused: missing input');
  return x;
};

/**
 * Marks, for every step, the values it reads for the last time (never the graph input).
 * @param steps the compiled steps, in order
 */
export function planReleases(steps: Step[]): void {
  const last = new Map<string, Step>();
  for (const s of steps) for (const n of s.inputs) last.set(n, s);
  for (const [n, s] of last) if (n !== 'input') s.release.push(n);
}

/**
 * Runs the steps on one batch.
 * @param steps the compiled steps
 * @param outputs values to return (kept even where a later step was their last reader)
 * @param x the input batch
 * @param shape [input side, channels] the compiled model expects
 * @returns the outputs, in order (the caller disposes them)
 */
export function run(
  steps: readonly Step[],
  outputs: readonly string[],
  x: tf.Tensor4D,
  [inputSize, channels]: readonly [number, number],
): tf.Tensor[] {
  if (x.shape[1] !== inputSize || x.shape[2] !== inputSize || x.shape[3] !== channels)
    throw new Error(
      `fused: expected [b, ${inputSize}, ${inputSize}, ${channels}], got [${x.shape.join(', ')}]`,
    );
  return tf.tidy(() => {
    const values = new Map<string, tf.Tensor>([['input', x]]);
    const get = (n: string): tf.Tensor => {
      const v = values.get(n);
      if (v === undefined) throw new Error(`fused: ${n} used before it was computed`);
      return v;
    };
    for (const s of steps) {
      values.set(s.out, s.run(s.inputs.map(get)));
      // Early release keeps WASM's heap (and cache footprint) near the live set, as tf.layers does.
      for (const n of s.release) {
        if (outputs.includes(n)) continue;
        values.get(n)?.dispose();
        values.delete(n);
      }
    }
    return outputs.map(get);
  });
}
