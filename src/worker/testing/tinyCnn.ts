import * as tf from '@tensorflow/tfjs';

/**
 * A small plain CNN (three stride-2 3×3 convs, a dense 5-output head) for training tests and the
 * training benchmark: the zoo's smallest truncations are too slow to train on tfjs-cpu here.
 * @param size square input side
 * @returns an untrained model with logits for the five CheXpert tasks
 */
export function tinyCnn(size: number): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3] });
  let h: tf.SymbolicTensor = input;
  for (const filters of [16, 32, 32]) {
    const conv = tf.layers.conv2d({
      filters,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
    });
    h = conv.apply(h) as tf.SymbolicTensor;
  }
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  return tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 5 }).apply(h) as tf.SymbolicTensor,
  });
}
