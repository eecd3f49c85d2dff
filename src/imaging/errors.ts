/**
 * The one error type of the imaging core, a `RefusalError` of kind 'bad-input' (src/refusal):
 * callers switch on `code`; people read `sentence` first and `detail` (library messages, tags,
 * offsets) after it. Library internals never go into the sentence.
 */
import { errorText, RefusalError, type RefusalOptions } from '../refusal/refusal.ts';

export { errorText };

/** Why a file could not be decoded. */
export type ImagingErrorCode =
  | 'not-an-image'
  | 'unsupported-format'
  | 'unsupported-transfer-syntax'
  | 'unsupported-pixel-layout'
  | 'no-pixel-data'
  | 'too-large'
  | 'decompression-bomb'
  | 'truncated'
  | 'corrupt';

/** A decode failure with a machine-readable code, a plain sentence and its technical detail. */
export class ImagingError extends RefusalError<ImagingErrorCode> {
  override name = 'ImagingError';

  /**
   * @param code machine-readable reason
   * @param sentence one plain sentence naming the format: what is wrong and what to do
   * @param options the technical detail and the library error this wraps, if any
   */
  constructor(code: ImagingErrorCode, sentence: string, options: RefusalOptions = {}) {
    super('bad-input', code, sentence, options);
  }
}

/**
 * @param what the data, as a person would name it ("PNG file", "JPEG 2000 image data")
 * @param detail what exactly is missing
 * @param cause the library error, if any
 * @returns a 'truncated' error: the bytes end before the data does
 */
export function truncatedError(what: string, detail: string, cause?: unknown): ImagingError {
  return new ImagingError(
    'truncated',
    `This ${what} ends early: it was cut short, so copy or export it again in full.`,
    { detail, cause },
  );
}

/**
 * @param what the data, as a person would name it
 * @param detail what is wrong with it
 * @param cause the library error, if any
 * @returns a 'corrupt' error: the bytes are all there but do not decode
 */
export function corruptError(what: string, detail: string, cause?: unknown): ImagingError {
  return new ImagingError(
    'corrupt',
    `This ${what} is damaged: its data cannot be decoded, so export it again from the source.`,
    { detail, cause },
  );
}

/**
 * Wrap a third-party decoder failure: range errors and "overrun"/"end of" messages mean the bytes
 * ran out (a truncated file); anything else is corrupt data. The library's message becomes the
 * detail, prefixed with the codec's name.
 * @param what the data, as a person would name it ("JPEG image data")
 * @param codec the library or codec, for the detail ("jpeg-js")
 * @param err what the library threw
 * @returns an ImagingError (returned, not thrown, so callers write `throw wrapDecodeError(…)`)
 */
export function wrapDecodeError(what: string, codec: string, err: unknown): ImagingError {
  if (err instanceof ImagingError) return err;
  const text = errorText(err);
  const truncated =
    err instanceof RangeError ||
    /overrun|end of (data|buffer|file|stream)|out of bounds|\beof\b|greater than or equal to .*length|beyond|past end/i.test(
      text,
    );
  const detail = `${codec}: ${text}`;
  return truncated ? truncatedError(what, detail, err) : corruptError(what, detail, err);
}
