/**
 * Validation: scores every item, then per-task ROC AUC with the study charts' `rocAuc`. A task
 * whose validation labels hold one class only has no AUC (null, with the reason) and is left
 * out of the mean.
 */
import * as tf from '@tensorflow/tfjs';
import { NO_AUGMENT } from '../../data/augment.ts';
import { iterateBatches, type BatchOptions, type DatasetSource } from '../../data/batches.ts';
import { CHEXPERT_TASKS, NUM_TASKS } from '../../data/labelTypes.ts';
import { rocAuc } from '../../study/stats/index.ts';
import { maskedBce } from './trainLoss.ts';
import type { TaskAuc } from '../protocol.ts';

/** What one evaluation measured. */
export interface Evaluation {
  readonly perTask: readonly TaskAuc[];
  /** Mean over the tasks that have an AUC; null when none has. */
  readonly meanAuc: number | null;
  readonly loss: number;
  readonly count: number;
}

/**
 * @param labels per task, the 0/1 labels of unmasked items
 * @param scores per task, the matching scores
 * @returns per-task AUC (null with a note for a one-class task) and the mean of the rest
 */
export function aucByTask(
  labels: readonly (readonly number[])[],
  scores: readonly (readonly number[])[],
): { perTask: TaskAuc[]; meanAuc: number | null } {
  const perTask = CHEXPERT_TASKS.map((task, t): TaskAuc => {
    const l = labels[t] ?? [];
    const positives = l.filter((v) => v === 1).length;
    const negatives = l.length - positives;
    if (positives === 0 || negatives === 0) {
      const note = `AUC undefined: the validation set has only ${positives === 0 ? 'negatives' : 'positives'} for ${task}`;
      return { task, auc: null, positives, negatives, note };
    }
    return { task, auc: rocAuc(l, scores[t] ?? []), positives, negatives };
  });
  const defined = perTask.flatMap((p) => (p.auc === null ? [] : [p.auc]));
  const meanAuc = defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
  return { perTask, meanAuc };
}

/**
 * Runs the model (inference mode) over a source and measures AUC and loss.
 * @param model the model (logits out)
 * @param source validation items
 * @param opts batch size, size, normalisation (augmentation is ignored)
 * @returns per-task AUC, mean AUC, mean masked loss
 */
export async function evaluate(
  model: tf.LayersModel,
  source: DatasetSource,
  opts: BatchOptions,
): Promise<Evaluation> {
  const labels: number[][] = CHEXPERT_TASKS.map(() => []);
  const scores: number[][] = CHEXPERT_TASKS.map(() => []);
  let lossSum = 0;
  let count = 0;
  const order = Array.from({ length: source.length }, (_, i) => i);
  for await (const batch of iterateBatches(source, order, { ...opts, augment: NO_AUGMENT })) {
    const [probs, loss] = tf.tidy(() => {
      const x = tf.tensor4d(batch.x, [batch.count, opts.size, opts.size, opts.mean.length]);
      const logits = model.predict(x) as tf.Tensor;
      const y = tf.tensor2d(batch.y, [batch.count, NUM_TASKS]);
      const m = tf.tensor2d(batch.mask, [batch.count, NUM_TASKS]);
      return [tf.sigmoid(logits), maskedBce(logits, y, m)];
    });
    const p = await probs.data();
    lossSum += (await loss.data())[0] ?? 0;
    tf.dispose([probs, loss]);
    count += batch.count;
    for (let i = 0; i < batch.count; i++) {
      for (let t = 0; t < NUM_TASKS; t++) {
        if (batch.mask[i * NUM_TASKS + t] === 0) continue;
        labels[t]?.push(batch.y[i * NUM_TASKS + t] ?? 0);
        scores[t]?.push(p[i * NUM_TASKS + t] ?? 0);
      }
    }
  }
  const batches = Math.ceil(count / opts.batchSize);
  return { ...aucByTask(labels, scores), loss: batches > 0 ? lossSum / batches : NaN, count };
}
