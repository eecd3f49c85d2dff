/**
 * The files `chextransfer predict` reads (weights, and a .npy array or an image), each through
 * `readUserFile`: a regular file within its budget, checked before it is read.
 */
import { TORCH_LIMITS } from '../zoo/weights/torchLimits.ts';
import { NPY_INPUT_LIMITS } from './torchInputs.ts';
import type { UserFileOptions } from './userFile.ts';

/**
 * Weights files (.safetensors and .pt alike): the checkpoint reader's own file limit (see
 * `TORCH_LIMITS.maxFileBytes`); a larger file is wrong weights (exit 3), like the reader's
 * other limits.
 */
export const WEIGHTS_FILE: UserFileOptions = {
  what: '--weights',
  maxBytes: TORCH_LIMITS.maxFileBytes,
  tooLargeKind: 'wrong-weights',
};

/** A .npy input: the most `NPY_INPUT_LIMITS` admits (3 channels of float32) plus a header. */
export const NPY_FILE: UserFileOptions = {
  what: '--npy',
  maxBytes: NPY_INPUT_LIMITS.maxPixels * 3 * 4 + 64 * 1024,
};

/** An image: a 100-megapixel 16-bit DICOM is 200 MB uncompressed; 2.5x that. */
export const IMAGE_FILE: UserFileOptions = { what: 'input', maxBytes: 512 * 2 ** 20 };
