/**
 * The built-in SYNTHETIC dataset as a `DatasetSource`: items `start … start + length − 1` of the
 * phantom set `seed`, rendered on demand at the size asked (nothing is stored).
 */
import type { DatasetSource } from './batches.ts';
import { syntheticSample } from './synthetic.ts';

/**
 * @param seed the set's seed
 * @param start first phantom index (validation uses indices after the training ones)
 * @param length number of items
 * @returns a source whose item names are `synthetic/<seed>/<index>`
 */
export function syntheticSource(seed: number, start: number, length: number): DatasetSource {
  return {
    length,
    name: (index) => `synthetic/${seed}/${start + index}`,
    load: (index, size) => {
      if (!Number.isInteger(index) || index < 0 || index >= length)
        throw new RangeError(`synthetic item ${index} is outside 0..${length - 1}`);
      const s = syntheticSample(seed, start + index, size);
      return { image: s.image, labels: s.labels };
    },
  };
}
