/**
 * Adam's state as plain typed arrays, so a run resumed from a saved checkpoint continues exactly
 * as the uninterrupted run would (same moments, same step count, same bias corrections). The
 * headless grid runner persists it with each per-epoch checkpoint; the in-browser fallback after a
 * lost device does not use it (its moments were on the lost device).
 */
import * as tf from '@tensorflow/tfjs';

/** One optimizer variable's values. */
export interface OptimizerTensor {
  /** tfjs's `originalName` (e.g. `conv1/kernel/m`); informative only: order is what matters. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Adam after some steps. */
export interface OptimizerSnapshot {
  /** Steps taken. */
  readonly iterations: number;
  /**
   * β1^(t+1) and β2^(t+1) exactly as the running products Adam keeps. `setWeights` recomputes them
   * with `pow`, which differs from the product in the last float32 bits: a resumed run would drift.
   */
  readonly accBeta1: number;
  readonly accBeta2: number;
  /** First moments, then second moments, in the order of the model's trainable weights. */
  readonly moments: readonly OptimizerTensor[];
}

/** The private fields of tfjs 4's AdamOptimizer that `getWeights`/`setWeights` do not carry. */
interface AdamInternals {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

const internals = (optimizer: tf.Optimizer): Required<AdamInternals> => {
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  if (accBeta1 === undefined || accBeta2 === undefined)
    throw new Error(`optimizer state: ${optimizer.getClassName()} is not tfjs's Adam`);
  return { accBeta1, accBeta2 };
};

/**
 * Copies Adam's state off the backend (awaited `data()`, never `dataSync()`: WebGPU-safe).
 * @param optimizer a tfjs Adam optimizer
 * @returns its state as typed arrays
 */
export async function saveOptimizer(optimizer: tf.Optimizer): Promise<OptimizerSnapshot> {
  const { accBeta1, accBeta2 } = internals(optimizer);
  const named = await optimizer.getWeights();
  const [iter, ...rest] = named;
  const moments: OptimizerTensor[] = [];
  for (const w of rest) {
    const data = (await w.tensor.data()) as Float32Array;
    moments.push({ name: w.name, shape: [...w.tensor.shape], data: data.slice() });
  }
  const iterations = iter === undefined ? 0 : ((await iter.tensor.data())[0] ?? 0);
  iter?.tensor.dispose(); // getWeights made this scalar; the moments are Adam's own variables
  return {
    iterations,
    accBeta1: (await accBeta1.data())[0] ?? NaN,
    accBeta2: (await accBeta2.data())[0] ?? NaN,
    moments,
  };
}

/**
 * Writes a saved state into a fresh Adam of the same model.
 * @param optimizer a fresh tfjs Adam optimizer (its previous moments, if any, are replaced)
 * @param snap from `saveOptimizer`
 * @param weights the model's trainable weights, to check the moments' shapes against
 * @throws Error when the moments do not fit the model (nothing written)
 */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  snap: OptimizerSnapshot,
  weights: readonly { readonly shape: readonly (number | null)[] }[],
): Promise<void> {
  const n = weights.length;
  if (snap.moments.length !== 2 * n)
    throw new Error(
      `optimizer state: ${snap.moments.length} moments saved, the model has ${n} trainable weights`,
    );
  snap.moments.forEach((m, i) => {
    const want = weights[i % n]?.shape.join(', ');
    if (m.shape.join(', ') !== want)
      throw new Error(
        `optimizer state: ${m.name} has shape [${m.shape.join(', ')}], not [${want}]`,
      );
  });
  const tensors = [
    { name: 'iter', tensor: tf.scalar(snap.iterations, 'int32') },
    ...snap.moments.map((m) => ({ name: m.name, tensor: tf.tensor(m.data, [...m.shape]) })),
  ];
  await optimizer.setWeights(tensors);
  tensors.forEach((t) => t.tensor.dispose()); // setWeights copied them into variables
  const { accBeta1, accBeta2 } = internals(optimizer);
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(snap.accBeta1));
    accBeta2.assign(tf.scalar(snap.accBeta2));
  });
}
