/**
 * An in-memory copy of a dataset source: every item decoded and resized once, up front, then
 * served from memory. Worth it for small sets trained for many epochs, and the baseline that
 * file-backed loading is benchmarked against. Items that fail to load keep their error, so the
 * batcher skips and reports them exactly as it would from files.
 */
import { errorMessage, type DatasetItem, type DatasetSource } from './batches.ts';

/** The most an in-memory copy may take: beyond this a tab risks being killed. */
export const IN_MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;

/**
 * @param images number of images
 * @param size square side in pixels
 * @returns bytes of their grey float32 copies (images × size² × 4)
 */
export function inMemoryBytes(images: number, size: number): number {
  return images * size * size * 4;
}

/**
 * @param images number of images
 * @param size square side in pixels
 * @returns null when they fit under `IN_MEMORY_LIMIT_BYTES`, else why not
 */
export function inMemoryRefusal(images: number, size: number): string | null {
  const bytes = inMemoryBytes(images, size);
  if (bytes <= IN_MEMORY_LIMIT_BYTES) return null;
  const mb = (n: number): string => `${Math.round(n / 2 ** 20)} MB`;
  return (
    `In-memory training needs about ${mb(bytes)} for ${images} images at ${size} px, over the ` +
    `${mb(IN_MEMORY_LIMIT_BYTES)} limit: train from files, or choose a smaller subset or size.`
  );
}

/**
 * Loads every item of `source` once, in order.
 * @param source the file-backed source
 * @param size square side the items are loaded at (the copy serves this size only)
 * @param onProgress called after each item with (done, total)
 * @returns a source serving the loaded items from memory
 */
export async function preloadSource(
  source: DatasetSource,
  size: number,
  onProgress?: (done: number, total: number) => void,
): Promise<DatasetSource> {
  const items: (DatasetItem | string)[] = [];
  for (let i = 0; i < source.length; i++) {
    try {
      items.push(await source.load(i, size));
    } catch (error) {
      items.push(errorMessage(error));
    }
    onProgress?.(i + 1, source.length);
  }
  return {
    length: source.length,
    name: (i) => source.name(i),
    load(i, asked) {
      if (asked !== size)
        throw new Error(`the in-memory copy holds ${size} px images, not ${asked}`);
      const item = items[i];
      if (item === undefined) throw new RangeError(`item ${i} is out of range`);
      if (typeof item === 'string') throw new Error(item);
      return item;
    },
  };
}
