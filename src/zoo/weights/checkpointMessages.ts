/**
 * One plain sentence per reason a checkpoint is refused (what is wrong, what to do), shared by the
 * X-ray panel and the command line; the reader's own message is the technical detail. Pure.
 */
import { CheckpointModelError, type CheckpointModelErrorCode } from './loadCheckpoint.ts';
import { WeightsError } from './match.ts';
import { TorchCheckpointError, type TorchErrorCode } from './torchErrors.ts';

const TORCH_MESSAGES: Readonly<Record<TorchErrorCode, string>> = {
  TRUNCATED: 'This checkpoint file is incomplete (cut short); download it again.',
  BAD_MAGIC: 'This is not a PyTorch checkpoint (.pt/.pth); choose the file torch.save wrote.',
  BAD_ZIP: 'This checkpoint archive is damaged; download it again.',
  BAD_PICKLE: 'This checkpoint is damaged (its pickle cannot be read); download it again.',
  UNSAFE_GLOBAL:
    'This file asks to run code, which a PyTorch checkpoint never needs; it was refused and nothing ran.',
  UNSUPPORTED_DTYPE:
    'This checkpoint holds tensors of a type that cannot be read here (only float32/16, bfloat16, float64 and int64).',
  OUT_OF_BOUNDS: 'This checkpoint is damaged: a tensor reaches past the end of its data.',
  MISSING_STORAGE: 'This checkpoint is damaged: a tensor refers to data the file lacks.',
  NO_STATE_DICT: 'This file holds no model weights (no state dict or module in it).',
  UNSUPPORTED_FORMAT:
    'This is a PyTorch file of a kind not read here (TorchScript or big-endian); save the state dict with torch.save.',
};

/** Every reason a readable-or-not checkpoint is refused. */
export type CheckpointRefusalCode =
  TorchErrorCode | CheckpointModelErrorCode | 'WRONG_ARCH' | 'INCOMPLETE';

/** A refusal as people see it. */
export interface CheckpointRefusal {
  readonly code: CheckpointRefusalCode;
  readonly message: string;
  readonly detail?: string;
}

/**
 * @param error what reading, detecting or loading a checkpoint threw
 * @returns the code, the sentence and the detail, or null for an unexpected error (a bug)
 */
export function explainCheckpointError(error: unknown): CheckpointRefusal | null {
  if (error instanceof TorchCheckpointError)
    return { code: error.code, message: TORCH_MESSAGES[error.code], detail: error.message };
  if (error instanceof CheckpointModelError) return { code: error.code, message: error.message };
  if (error instanceof WeightsError)
    return {
      code: error.code === 'WRONG_ARCH' ? 'WRONG_ARCH' : 'INCOMPLETE',
      message: `${error.message} Nothing was loaded.`,
    };
  return null;
}
