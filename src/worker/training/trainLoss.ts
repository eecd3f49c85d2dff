/**
 * The training loss: sigmoid binary cross-entropy over the five tasks, masked. A masked entry
 * (an 'ignore'd uncertain label, or a task absent from the source) contributes nothing to the
 * loss or its gradient; the mean runs over the unmasked entries only.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Numerically stable BCE with logits: max(z, 0) − z·y + log(1 + e^−|z|), which equals
 * −y·log σ(z) − (1 − y)·log(1 − σ(z)) without overflowing e^z for large |z|.
 * @param logits `[n, tasks]`
 * @param labels `[n, tasks]` 0/1 (anything where masked)
 * @param mask `[n, tasks]` 1 = counts, 0 = masked
 * @returns scalar mean over unmasked entries (0 when everything is masked)
 */
export function maskedBce(logits: tf.Tensor, labels: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const perEntry = tf
      .relu(logits)
      .sub(logits.mul(labels))
      .add(tf.log1p(tf.exp(tf.abs(logits).neg())));
    const total = perEntry.mul(mask).sum();
    // max(count, 1): an all-masked batch gives 0 loss (and zero gradient) instead of 0/0 = NaN.
    return total.div(tf.maximum(mask.sum(), 1)) as tf.Scalar;
  });
}
