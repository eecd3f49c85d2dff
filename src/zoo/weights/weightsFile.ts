/**
 * The size check of a weights file (.safetensors or .pt) before any of it is read: a dropped
 * file in the page (before `File.arrayBuffer()`), a download in the worker (its Content-Length,
 * then the bytes as they stream). The command line's check is `readUserFile` with the same limit
 * (src/cli/predictFiles.ts). Pure.
 */
import { RefusalError } from '../../refusal/refusal.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';

/**
 * The largest weights file read, .safetensors or .pt (see `CHECKPOINT_LIMITS.maxFileBytes` for why;
 * `SAFETENSORS_LIMITS.maxFileBytes` is the same).
 */
export const MAX_WEIGHTS_FILE_BYTES = CHECKPOINT_LIMITS.maxFileBytes.value;

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/**
 * @param bytes the file's size (or the size a server states)
 * @param name how to name it, e.g. the file name
 * @returns the refusal (wrong weights, code FILE_TOO_LARGE) when it is over the limit, else null
 */
export function weightsFileTooLarge(bytes: number, name: string): RefusalError | null {
  if (bytes <= MAX_WEIGHTS_FILE_BYTES) return null;
  return new RefusalError(
    'wrong-weights',
    'FILE_TOO_LARGE',
    `${name} is ${mb(bytes)}, over the ${mb(MAX_WEIGHTS_FILE_BYTES)} this app reads, so it was not read; choose the weights of one model (the largest of the 16 architectures is 171 MB as float32).`,
    { detail: `${bytes} bytes > ${MAX_WEIGHTS_FILE_BYTES}` },
  );
}
