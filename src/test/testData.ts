/**
 * Where the tests' real files live: `test-data/` at the repository root (see its LICENSES.md).
 * Resolved from this file, not the working directory, so tests pass from any folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-data');

/** Real X-rays and odd files (NIH, Hannover, NEMA, pydicom, a photo). */
export const XRAYS_DIR = path.join(ROOT, 'xrays');

/** Facts computed from timm and torchvision that the zoo's tests recompute. */
export const REFERENCE_DIR = path.join(ROOT, 'reference');

/**
 * @param name a file in `test-data/reference/`
 * @returns its parsed JSON
 */
export function readReferenceJson(name: string): unknown {
  return JSON.parse(readFileSync(path.join(REFERENCE_DIR, name), 'utf8'));
}
