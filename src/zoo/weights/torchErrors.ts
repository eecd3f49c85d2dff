/**
 * The one error type of the PyTorch checkpoint reader (`pickle.ts`, `torchCheckpoint.ts`), with a
 * code per reason, as `SafetensorsError` has. Pure: no tf, no DOM.
 */

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
  | 'UNSUPPORTED_FORMAT';

/** A malformed, truncated, hostile or unsupported PyTorch checkpoint. */
export class TorchCheckpointError extends Error {
  override name = 'TorchCheckpointError';
  readonly code: TorchErrorCode;

  /**
   * @param code machine-readable reason
   * @param message what is wrong, in one sentence
   */
  constructor(code: TorchErrorCode, message: string) {
    super(`PyTorch checkpoint: ${message}`);
    this.code = code;
  }
}

/**
 * @param code reason
 * @param message detail
 * @returns never: throws the coded error
 */
export function torchFail(code: TorchErrorCode, message: string): never {
  throw new TorchCheckpointError(code, message);
}
