import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT } from './augment.ts';
import { iterateBatches, type DatasetSource, type SkipReport } from './batches.ts';
import { NUM_TASKS } from './labelTypes.ts';

const SIZE = 4;
const OPTS = { batchSize: 3, size: SIZE, mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.5] } as const;

/** Items whose pixels all equal index / 100; the ones in `broken` throw. */
function source(
  n: number,
  loads: number[],
  broken: ReadonlySet<number> = new Set(),
): DatasetSource {
  return {
    length: n,
    name: (i) => `img${i}.png`,
    async load(i) {
      loads.push(i);
      if (broken.has(i)) throw new Error('corrupt JPEG');
      return { image: new Float32Array(SIZE * SIZE).fill(i / 100), labels: [1, 0, null, 0, 1] };
    },
  };
}

describe('iterateBatches', () => {
  it('normalises grey into 3 NHWC channels and masks null labels', async () => {
    const it = iterateBatches(source(2, []), [1], OPTS);
    const b = (await it.next()).value;
    if (!b) throw new Error('no batch');
    expect(b.count).toBe(1);
    const expected = [(0.01 - 0.5) / 0.5, (0.01 - 0.5) / 0.25, (0.01 - 0.5) / 0.5];
    expected.forEach((v, c) => expect(b.x[c]).toBeCloseTo(v, 6));
    expect(Array.from(b.y)).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(b.mask)).toEqual([1, 1, 0, 1, 1]);
  });

  it('prefetches exactly one batch ahead and never more', async () => {
    const loads: number[] = [];
    const order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    let k = 0;
    for await (const b of iterateBatches(source(10, loads), order, OPTS)) {
      // While the consumer holds batch k, batch k + 1 has started loading, batch k + 2 has not.
      expect(b.indices).toEqual(order.slice(k * 3, k * 3 + 3));
      expect(loads.length).toBeGreaterThanOrEqual(Math.min(10, (k + 1) * 3 + 1));
      expect(loads.length).toBeLessThanOrEqual(Math.min(10, (k + 2) * 3));
      k++;
    }
    expect(k).toBe(4); // 3 + 3 + 3 + 1
  });

  it('skips unreadable items, reports them and keeps batches full', async () => {
    const report: SkipReport = { skipped: [] };
    const got: number[] = [];
    const order = [0, 1, 2, 3, 4, 5, 6];
    for await (const b of iterateBatches(source(7, [], new Set([1, 4])), order, {
      ...OPTS,
      report,
    })) {
      got.push(...b.indices);
      expect(b.y.length).toBe(b.count * NUM_TASKS);
    }
    expect(got).toEqual([0, 2, 3, 5, 6]);
    expect(report.skipped).toEqual([
      { path: 'img1.png', reason: 'corrupt JPEG' },
      { path: 'img4.png', reason: 'corrupt JPEG' },
    ]);
  });

  it('augments reproducibly from the seed, without flipping by default', async () => {
    expect(DEFAULT_AUGMENT.horizontalFlip).toBe(false);
    const ramp: DatasetSource = {
      length: 1,
      name: () => 'ramp',
      load: () => ({
        image: Float32Array.from({ length: 64 }, (_, k) => (k % 8) / 8),
        labels: [0, 0, 0, 0, 0],
      }),
    };
    const opts = { ...OPTS, size: 8, batchSize: 1, augment: DEFAULT_AUGMENT, seed: 5 };
    const first = async (seed: number) =>
      (await iterateBatches(ramp, [0], { ...opts, seed }).next()).value?.x;
    const a = await first(5);
    expect(await first(5)).toEqual(a);
    expect(await first(6)).not.toEqual(a);
    // Still a left-to-right ramp (a flip would make it decrease).
    const row = Array.from({ length: 8 }, (_, x) => a?.[x * 3] ?? 0);
    expect(row[7] ?? 0).toBeGreaterThan(row[0] ?? 0);
  });
});
