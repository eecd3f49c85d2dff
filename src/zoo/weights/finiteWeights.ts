/**
 * Value checks on the tensors about to be loaded (`matchWeights`): a weight that is NaN or
 * infinite, or a BatchNorm running variance below -eps, makes every output of the model NaN
 * (JSON prints it as `null`), so such a file is refused before anything is written, naming the
 * first tensor at fault. Pure; about 20 ms for DenseNet-121's 8 million values.
 */

/** What is wrong with the first tensor at fault. */
export interface BadValues {
  /** The tensor's key (in the file's naming scheme). */
  readonly key: string;
  readonly reason: 'non-finite' | 'negative-variance';
  /** Values at fault, of `count`. */
  readonly bad: number;
  readonly count: number;
  /** Index of the first value at fault, and that value. */
  readonly first: number;
  readonly value: number;
}

/**
 * BatchNorm adds eps (1e-5 in torchvision and timm, the smallest here) to the running variance
 * before its square root: a variance above -eps still gives a number.
 */
const MIN_VARIANCE = -1e-5;

function scan(key: string, data: Float32Array, variance: boolean): BadValues | null {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0;
    // v - v is NaN exactly for NaN and +-Infinity
    if (v - v !== 0 || (variance && v <= MIN_VARIANCE)) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad === 0) return null;
  const value = data[first] ?? NaN;
  const reason = Number.isFinite(value) ? 'negative-variance' : 'non-finite';
  return { key, reason, bad, count: data.length, first, value };
}

/**
 * @param tensors the tensors to load, in order, each with its file key
 * @returns the first one holding NaN, +-Infinity or (a BatchNorm running variance) a value at
 *   or below -1e-5, or null when all are fine
 */
export function firstBadValues(
  tensors: Iterable<{ readonly key: string; readonly data: Float32Array }>,
): BadValues | null {
  for (const { key, data } of tensors) {
    const found = scan(key, data, key.endsWith('running_var'));
    if (found !== null) return found;
  }
  return null;
}

/**
 * @param b the tensor at fault
 * @returns the refusal's code, its sentence (naming the tensor) and its detail, e.g.
 *   `"fc.weight": 3 of 5120 values are NaN or infinite (the first, at index 17, is NaN)`
 */
export function badValuesRefusal(b: BadValues): {
  code: 'NON_FINITE' | 'NEGATIVE_VARIANCE';
  sentence: string;
  detail: string;
} {
  const nan = b.reason === 'non-finite';
  const what = nan ? 'NaN or infinite' : 'negative variances';
  return {
    code: nan ? 'NON_FINITE' : 'NEGATIVE_VARIANCE',
    sentence: nan
      ? `This weights file holds values that are not numbers (NaN or infinity) in ${b.key}, so nothing was loaded: every output would be NaN; the training that wrote it diverged or the file is damaged, so choose another file.`
      : `This weights file holds a negative BatchNorm variance in ${b.key}, so nothing was loaded: every output would be NaN; the file is damaged, so choose another file.`,
    detail: `"${b.key}": ${b.bad} of ${b.count} values are ${what} (the first, at index ${b.first}, is ${b.value})`,
  };
}
