/**
 * The safetensors reader's coded refusals (safetensors.ts): a plain sentence per code, the
 * reader's own message as the detail. Pure.
 */
import { RefusalError } from '../../refusal/refusal.ts';

/** Why a file was rejected. */
export type SafetensorsErrorCode =
  | 'TRUNCATED'
  | 'HEADER_TOO_LARGE'
  | 'BAD_HEADER'
  | 'BAD_DTYPE'
  | 'BAD_SHAPE'
  | 'BAD_OFFSETS'
  | 'SIZE_MISMATCH'
  | 'NOT_CONTIGUOUS'
  | 'WRONG_DTYPE';

const NOT_SAFETENSORS =
  'This is not a valid .safetensors file (its header cannot be read): choose a .safetensors weights file, such as a Hugging Face model.safetensors.';
const DAMAGED =
  'This .safetensors file is damaged: its table of tensors does not match its data, so download or copy it again.';

/** Data: the plain sentence people see for each code (the reader's message is the detail). */
const SENTENCES: Record<SafetensorsErrorCode, string> = {
  TRUNCATED:
    'This weights file ends early: the download or copy was cut short, so get the file again.',
  HEADER_TOO_LARGE: NOT_SAFETENSORS,
  BAD_HEADER: NOT_SAFETENSORS,
  BAD_DTYPE: DAMAGED,
  BAD_SHAPE: DAMAGED,
  BAD_OFFSETS: DAMAGED,
  SIZE_MISMATCH: DAMAGED,
  NOT_CONTIGUOUS: DAMAGED,
  WRONG_DTYPE:
    'This weights file stores a weight as integers where the model needs floating-point numbers; it is not a model checkpoint.',
};

/**
 * A malformed or truncated safetensors file (or a request the file cannot serve): a refusal of
 * kind 'wrong-weights' whose detail is the reader's own message.
 */
export class SafetensorsError extends RefusalError<SafetensorsErrorCode> {
  override name = 'SafetensorsError';

  /**
   * @param code machine-readable reason
   * @param detail what exactly is wrong (offsets, names, sizes)
   */
  constructor(code: SafetensorsErrorCode, detail: string) {
    super('wrong-weights', code, SENTENCES[code], { detail: `safetensors: ${detail}` });
  }
}
