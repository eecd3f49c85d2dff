import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { aucByTask } from './evaluate.ts';
import { maskedBce } from './trainLoss.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const bce = (z: number, y: number): number => {
  const p = 1 / (1 + Math.exp(-z));
  return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
};

describe('maskedBce', () => {
  const z = [
    [2, -1, 0.5, 0, -3],
    [-0.5, 1.5, 4, -2, 1],
  ];
  const y = [
    [1, 0, 0, 1, 0],
    [0, 1, 1, 0, 1],
  ];
  const mask = [
    [1, 1, 0, 1, 1],
    [1, 0, 1, 1, 1],
  ];

  it('is the mean BCE over unmasked entries (hand computation)', () => {
    let sum = 0;
    let n = 0;
    z.forEach((row, i) =>
      row.forEach((v, t) => {
        if (mask[i]?.[t]) {
          sum += bce(v, y[i]?.[t] ?? 0);
          n++;
        }
      }),
    );
    const loss = tf.tidy(
      () => maskedBce(tf.tensor2d(z), tf.tensor2d(y), tf.tensor2d(mask)).dataSync()[0],
    );
    expect(loss).toBeCloseTo(sum / n, 5);
  });

  it('ignores masked entries in the value and the gradient', () => {
    const flipped = y.map((row, i) => row.map((v, t) => (mask[i]?.[t] ? v : 1 - v)));
    const [a, b, ga, gb] = tf.tidy(() => {
      const m = tf.tensor2d(mask);
      const grad = (labels: number[][]) =>
        tf.grad((logits: tf.Tensor) => maskedBce(logits, tf.tensor2d(labels), m))(tf.tensor2d(z));
      return [
        maskedBce(tf.tensor2d(z), tf.tensor2d(y), m).dataSync()[0],
        maskedBce(tf.tensor2d(z), tf.tensor2d(flipped), m).dataSync()[0],
        Array.from(grad(y).dataSync()),
        Array.from(grad(flipped).dataSync()),
      ] as const;
    });
    expect(b).toBe(a);
    expect(gb).toEqual(ga);
    expect(ga[2]).toBe(0); // the masked entry gets no gradient
  });

  it('is 0 (not NaN) when everything is masked, and stable for huge logits', () => {
    const [zero, big] = tf.tidy(() => [
      maskedBce(tf.tensor2d([[5, 5]]), tf.tensor2d([[0, 1]]), tf.zeros([1, 2])).dataSync()[0],
      maskedBce(tf.tensor2d([[200, -200]]), tf.tensor2d([[0, 1]]), tf.ones([1, 2])).dataSync()[0],
    ]);
    expect(zero).toBe(0);
    expect(big).toBeCloseTo(200, 3);
  });
});

describe('aucByTask', () => {
  it('computes per-task AUC and leaves one-class tasks out of the mean', () => {
    const labels = [
      [0, 0, 1, 1],
      [0, 1, 0, 1],
      [0, 0, 0, 0],
      [1, 0, 1, 0],
      [1, 1, 0, 0],
    ];
    const scores = [
      [0.1, 0.2, 0.8, 0.9],
      [0.9, 0.1, 0.8, 0.2],
      [0.1, 0.2, 0.3, 0.4],
      [0.5, 0.5, 0.5, 0.5],
      [0.9, 0.6, 0.7, 0.1],
    ];
    const r = aucByTask(labels, scores);
    expect(r.perTask.map((p) => p.auc)).toEqual([1, 0, null, 0.5, 0.75]);
    expect(r.perTask[2]?.note).toMatch(/only negatives/);
    expect(r.meanAuc).toBeCloseTo((1 + 0 + 0.5 + 0.75) / 4, 12);
  });
});
