/**
 * Batches for training and evaluation from any dataset source, with one batch prefetched: while
 * the consumer runs a step on batch k, batch k + 1 is being loaded (decoded, resized, augmented).
 * Memory stays bounded to two batches; the dataset is never held whole. Unreadable items are
 * skipped and reported, never fatal.
 */
import { mulberry32 } from '../study/stats/prng.ts';
import { augmentGrey, isIdentity, NO_AUGMENT, type AugmentOptions } from './augment.ts';
import { NUM_TASKS, type TaskLabel } from './labelTypes.ts';

/** One loaded item: a grey image at the requested side and its task labels. */
export interface DatasetItem {
  /** Grey values in [0, 1], row-major, `size × size`. */
  readonly image: Float32Array;
  readonly labels: readonly TaskLabel[];
}

/** Anything that can load item i at a given size (synthetic, files, zip, ...). */
export interface DatasetSource {
  readonly length: number;
  /**
   * @param index item index
   * @returns its display name (path) for skip reports
   */
  name(index: number): string;
  /**
   * @param index item index
   * @param size square side in pixels
   * @returns the item; throws (or rejects) when unreadable
   */
  load(index: number, size: number): Promise<DatasetItem> | DatasetItem;
}

/** Items skipped because they could not be loaded. */
export interface SkipReport {
  readonly skipped: { readonly path: string; readonly reason: string }[];
}

/** A model-ready batch (NHWC, grey replicated to C normalised channels, C = mean.length). */
export interface Batch {
  /** `[count, size, size, C]` float32 (C = 3, or 1 for grey-input models). */
  readonly x: Float32Array;
  /** `[count, NUM_TASKS]`: 0/1 (0 where masked). */
  readonly y: Float32Array;
  /** `[count, NUM_TASKS]`: 1 where the label counts, 0 where masked. */
  readonly mask: Float32Array;
  readonly count: number;
  readonly indices: readonly number[];
}

/** Options of `iterateBatches`. */
export interface BatchOptions {
  readonly batchSize: number;
  readonly size: number;
  /**
   * Per-channel normalisation, one entry per input channel: ImageNet's three for timm models;
   * one, mean 0.5 and std 1/2048, for TorchXRayVision's (2 * grey - 1) * 1024.
   */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly augment?: AugmentOptions;
  /** Seed of the augmentation randomness. */
  readonly seed?: number;
  /** Receives skipped items (mutated in place so the caller sees it while iterating). */
  readonly report?: SkipReport;
}

/**
 * Writes one item into a batch: grey → C normalised channels, labels → y and mask.
 * @param image grey values of the item
 * @param labels its task labels (null = masked)
 * @param slot position in the batch
 * @param out the batch arrays
 * @param opts size, mean and std
 */
function writeItem(
  image: Float32Array,
  labels: readonly TaskLabel[],
  slot: number,
  out: { x: Float32Array; y: Float32Array; mask: Float32Array },
  opts: BatchOptions,
): void {
  const n = opts.size * opts.size;
  const { mean, std } = opts;
  const c = mean.length;
  let o = slot * n * c;
  for (let i = 0; i < n; i++) {
    const g = image[i] ?? 0;
    for (let k = 0; k < c; k++) out.x[o++] = (g - (mean[k] ?? 0)) / (std[k] ?? 1);
  }
  for (let t = 0; t < NUM_TASKS; t++) {
    const l = labels[t];
    out.y[slot * NUM_TASKS + t] = l === 1 ? 1 : 0;
    out.mask[slot * NUM_TASKS + t] = l === null || l === undefined ? 0 : 1;
  }
}

/** Loads items from `order[cursor...]` until the batch is full or the order is exhausted. */
async function assemble(
  source: DatasetSource,
  order: readonly number[],
  cursor: { at: number },
  opts: BatchOptions,
  rand: () => number,
): Promise<Batch | null> {
  const cap = opts.batchSize;
  const px = opts.size * opts.size * opts.mean.length;
  const out = {
    x: new Float32Array(cap * px),
    y: new Float32Array(cap * NUM_TASKS),
    mask: new Float32Array(cap * NUM_TASKS),
  };
  const indices: number[] = [];
  const augment = opts.augment ?? NO_AUGMENT;
  while (indices.length < cap && cursor.at < order.length) {
    const index = order[cursor.at++] ?? 0;
    try {
      const item = await source.load(index, opts.size);
      const image = isIdentity(augment)
        ? item.image
        : augmentGrey(item.image, opts.size, augment, rand);
      writeItem(image, item.labels, indices.length, out, opts);
      indices.push(index);
    } catch (error) {
      opts.report?.skipped.push({ path: source.name(index), reason: errorMessage(error) });
    }
  }
  const count = indices.length;
  if (count === 0) return null;
  if (count === cap) return { ...out, count, indices };
  return {
    x: out.x.slice(0, count * px),
    y: out.y.slice(0, count * NUM_TASKS),
    mask: out.mask.slice(0, count * NUM_TASKS),
    count,
    indices,
  };
}

/**
 * @param error anything thrown
 * @returns a one-line message
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Iterates batches over `order` with one batch in flight.
 * @param source the dataset
 * @param order item indices in visiting order (shuffle it for training)
 * @param opts batch size, input size, normalisation, augmentation, skip report
 * @yields batches of up to `batchSize` items (the last may be smaller)
 */
export async function* iterateBatches(
  source: DatasetSource,
  order: readonly number[],
  opts: BatchOptions,
): AsyncGenerator<Batch> {
  const cursor = { at: 0 };
  const rand = mulberry32(opts.seed ?? 0);
  let next = assemble(source, order, cursor, opts, rand);
  try {
    for (;;) {
      const current = await next;
      if (current === null) return;
      // Start loading the following batch before handing this one over.
      next = assemble(source, order, cursor, opts, rand);
      yield current;
    }
  } finally {
    next.catch(() => undefined); // an abandoned prefetch must not become an unhandled rejection
  }
}
