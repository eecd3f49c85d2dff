/**
 * The one error type of the imaging core. Callers switch on `code`; `message` is for people.
 */

/** Why a file could not be decoded. */
export type ImagingErrorCode =
  | 'not-an-image'
  | 'unsupported-format'
  | 'unsupported-transfer-syntax'
  | 'unsupported-pixel-layout'
  | 'no-pixel-data'
  | 'truncated'
  | 'corrupt';

/** A decode failure with a machine-readable code and a specific human message. */
export class ImagingError extends Error {
  readonly code: ImagingErrorCode;

  /**
   * @param code machine-readable reason
   * @param message what went wrong, naming the format or transfer syntax
   * @param cause the library error this wraps, if any
   */
  constructor(code: ImagingErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ImagingError';
    this.code = code;
  }
}

/**
 * Wrap a third-party decoder failure: range errors and "overrun"/"end of" messages mean the bytes
 * ran out (a truncated file); anything else is corrupt data.
 * @param what the format or codec, for the message
 * @param err what the library threw
 * @returns an ImagingError (returned, not thrown, so callers write `throw wrapDecodeError(…)`)
 */
export function wrapDecodeError(what: string, err: unknown): ImagingError {
  if (err instanceof ImagingError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const truncated =
    err instanceof RangeError ||
    /overrun|end of (data|buffer|file)|out of bounds|\beof\b/i.test(text);
  return truncated
    ? new ImagingError('truncated', `${what}: the data ends early (${text})`, err)
    : new ImagingError('corrupt', `${what}: the data is corrupt (${text})`, err);
}
