import * as tf from '@tensorflow/tfjs';

/**
 * A small known computation every backend must get right before we trust it: a 3×3 convolution
 * with stride 2 and symmetric padding, a matmul and a sigmoid, compared with values computed by
 * hand in float64. Software adapters and buggy drivers fail here, not in the middle of a run.
 * @returns the largest absolute error against the expected values
 */
export async function runSelfTest(): Promise<number> {
  // tidy: the padded input, the matmul operands and product would otherwise leak on every check
  const [conv, dense] = tf.tidy(() => {
    const input = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => i / 16),
      [1, 4, 4, 1],
    );
    const kernel = tf.tensor4d([1, 0, -1, 2, 0, -2, 1, 0, -1], [3, 3, 1, 1]);
    const padded = tf.pad(input, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    const product = tf.matMul(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0.5], [-1], [0.25]]));
    return [tf.conv2d(padded, kernel, 2, 'valid'), tf.sigmoid(product)];
  });
  const [convValues, denseValues] = await Promise.all([conv.data(), dense.data()]);
  tf.dispose([conv, dense]);
  const expected = [...expectedSobel(), 1 / (1 + Math.exp(0.75))];
  const actual = [...convValues, ...denseValues];
  return Math.max(...expected.map((e, i) => Math.abs(e - (actual[i] ?? Number.NaN))));
}

/** Sobel-x on the 4×4 ramp, zero-padded by 1, stride 2: computed directly in float64. */
function expectedSobel(): number[] {
  const k = [1, 0, -1, 2, 0, -2, 1, 0, -1];
  const at = (r: number, c: number): number =>
    r < 0 || c < 0 || r > 3 || c > 3 ? 0 : (r * 4 + c) / 16;
  const out: number[] = [];
  for (const r of [0, 2]) {
    for (const c of [0, 2]) {
      let sum = 0;
      for (let i = 0; i < 9; i++)
        sum += (k[i] ?? 0) * at(r - 1 + Math.floor(i / 3), c - 1 + (i % 3));
      out.push(sum);
    }
  }
  return out;
}
