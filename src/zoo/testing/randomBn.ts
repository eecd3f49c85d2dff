/**
 * Test-only helpers for comparing a compiled forward pass (the fused tfjs path, the engine) with
 * the tf.layers model it came from. Imports TensorFlow.js.
 */
import * as tf from '@tensorflow/tfjs';

/** Smallest convenient input: 32 px leaves 1x1 after /32 backbones; Inception's stem needs 75. */
export const smallInput = (id: string): number => (id.startsWith('inception') ? 75 : 32);

/**
 * Sets every BN layer's gamma, beta, mean and variance to random values (variance > 0), seeded,
 * so that folding changes both kernels and biases (with the defaults it would be the identity).
 * @param model a zoo model
 * @param seed first seed; each layer and weight takes its own from it
 */
export function randomiseBn(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() !== 'BatchNormalization') return;
    const s = seed + 4 * i;
    const values = tf.tidy(() =>
      layer.weights.map((w, j) => {
        const shape = w.shape as number[];
        if (w.originalName.endsWith('/moving_variance'))
          return tf.randomUniform(shape, 0.5, 2, 'float32', s + j);
        if (w.originalName.endsWith('/gamma'))
          return tf.randomUniform(shape, 0.5, 1.5, 'float32', s + j);
        return tf.randomNormal(shape, 0, 0.3, 'float32', s + j);
      }),
    );
    layer.setWeights(values);
    tf.dispose(values);
  });
}
