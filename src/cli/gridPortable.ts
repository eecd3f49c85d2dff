/**
 * The spec as copied into a grid's output folder (DIR/grid.json): defaults filled in and every
 * relative path (dataset, ImageNet weights, in-domain checkpoint) made absolute, so it means the same thing read from
 * DIR on any node as it did next to the original file.
 */
import path from 'node:path';
import type { GridInit, GridSpec } from '../grid/spec.ts';
import type { LoadedGrid } from './gridFiles.ts';

const isUrl = (s: string): boolean => /^https?:\/\//.test(s);

/**
 * @param init an initialisation
 * @param move rewrites a file path (URLs are left alone)
 * @returns it with its ImageNet weights or in-domain checkpoint path rewritten
 */
export function moveInitFile(init: GridInit, move: (p: string) => string): GridInit {
  const to = (p: string): string => (isUrl(p) ? p : move(p));
  if (init.kind === 'imagenet' && init.weights !== undefined)
    return { ...init, weights: to(init.weights) };
  if (init.kind === 'in-domain' && init.checkpoint !== undefined)
    return { ...init, checkpoint: to(init.checkpoint) };
  return init;
}

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
    initialisations: spec.initialisations.map((i) => moveInitFile(i, abs)),
    dataset: d.kind === 'synthetic' ? d : { ...d, path: abs(d.path) },
  };
}
