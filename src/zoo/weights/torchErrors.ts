/**
 * The one error type of the PyTorch checkpoint reader (`pickle.ts`, `torchCheckpoint.ts`), with a
 * code per reason, as `SafetensorsError` has: a refusal of kind 'wrong-weights' whose sentence is
 * the plain one of `checkpointMessages.ts` and whose detail is the reader's own text, so the
 * worker, the X-ray panel and the command line show it like every other refusal. Pure: no tf, no
 * DOM.
 */
import { RefusalError } from '../../refusal/refusal.ts';
import { TORCH_SENTENCES } from './checkpointMessages.ts';

/** Why a `.pt`/`.pth` file was refused; nothing is loaded from a refused file. */
export type TorchErrorCode =
  /** The file ends before a pickle, a zip entry or a storage is complete. */
  | 'TRUNCATED'
  /** Neither a zip archive nor a legacy checkpoint (wrong magic number or protocol). */
  | 'BAD_MAGIC'
  /** A zip archive that is not a `torch.save` archive (no `data.pkl`, unreadable entries). */
  | 'BAD_ZIP'
  /** A malformed pickle: unknown opcode, stack underflow, wrong operand types. */
  | 'BAD_PICKLE'
  /** The pickle names a global that `torch.save` never emits (e.g. `os.system`). */
  | 'UNSAFE_GLOBAL'
  /** A tensor of a dtype the reader does not convert (complex, quantised, bool, ...). */
  | 'UNSUPPORTED_DTYPE'
  /** A tensor that reaches past the end of its storage, or has negative strides. */
  | 'OUT_OF_BOUNDS'
  /** A tensor refers to a storage the file does not hold. */
  | 'MISSING_STORAGE'
  /** A well-formed pickle without a state dict or module in it. */
  | 'NO_STATE_DICT'
  /** A TorchScript archive or a big-endian file: valid PyTorch, not read here. */
  | 'UNSUPPORTED_FORMAT'
  /** The pickle's or the module tree's size is past `PICKLE_LIMITS` / `CHECKPOINT_LIMITS` (crafted). */
  | 'TOO_COMPLEX'
  /** A compressed entry inflates past its own size or the inflation budget (a zip bomb). */
  | 'INFLATE_LIMIT'
  /** A tensor has more elements than its storage (a broadcast, stride-0 or overlapping view). */
  | 'BROADCAST_VIEW'
  /** The tensors to read exceed `CHECKPOINT_LIMITS` (bytes in all, or several times their storages). */
  | 'TOO_LARGE';

/** A malformed, truncated, hostile or unsupported PyTorch checkpoint. */
export class TorchCheckpointError extends RefusalError<TorchErrorCode> {
  override name = 'TorchCheckpointError';

  /**
   * @param code machine-readable reason (it picks the plain sentence)
   * @param detail what exactly is wrong (offsets, names, opcodes)
   */
  constructor(code: TorchErrorCode, detail: string) {
    super('wrong-weights', code, TORCH_SENTENCES[code], { detail });
  }
}

/**
 * @param code reason
 * @param detail what exactly is wrong
 * @returns never: throws the coded error
 */
export function torchFail(code: TorchErrorCode, detail: string): never {
  throw new TorchCheckpointError(code, detail);
}
