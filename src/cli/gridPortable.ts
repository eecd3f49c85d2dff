/**
 * The spec as copied into a grid's output folder (DIR/grid.json): defaults filled in and every
 * relative path (dataset, ImageNet weights) made absolute, so it means the same thing read from
 * DIR on any node as it did next to the original file.
 */
import path from 'node:path';
import type { GridSpec } from '../grid/spec.ts';
import type { LoadedGrid } from './gridFiles.ts';

const isUrl = (s: string): boolean => /^https?:\/\//.test(s);

/**
 * @param grid a loaded grid
 * @returns its spec with absolute paths
 */
export function portableSpec(grid: LoadedGrid): GridSpec {
  const abs = (p: string): string => (isUrl(p) ? p : path.resolve(grid.baseDir, p));
  const { spec } = grid;
  const d = spec.dataset;
  return {
    ...spec,
    initialisations: spec.initialisations.map((i) =>
      i.kind === 'imagenet' && i.weights !== undefined ? { ...i, weights: abs(i.weights) } : i,
    ),
    dataset: d.kind === 'synthetic' ? d : { ...d, path: abs(d.path) },
  };
}
