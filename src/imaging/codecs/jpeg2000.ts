/**
 * JPEG 2000 (ISO/IEC 15444-1; DICOM .90 and .91) with OpenJPEG compiled to WASM
 * (@cornerstonejs/codec-openjpeg). Lazily imported.
 */
import { ImagingError, wrapDecodeError } from '../errors.ts';
import { loadOpenJpeg, resetOpenJpeg } from './openjpegModule.ts';

/** One decoded frame, samples interleaved. */
export interface J2kPixels {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly data: Uint8Array | Uint16Array | Int16Array;
}

/**
 * OpenJPEG decodes a cut-short codestream without complaint and fills the rest with zeros, so
 * check for the EOC marker FF D9 (T.800 §A.4.4) ourselves. DICOM pads fragments to an even
 * length (PS3.5 §A.4) with 0x00, though encoders (the NEMA WG04 set among them) also pad with
 * 0xFF: allow one pad byte of either kind after EOC.
 */
function assertComplete(bytes: Uint8Array): void {
  const n = bytes.length;
  const eocAt = (end: number): boolean => bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
  const padded = bytes[n - 1] === 0x00 || bytes[n - 1] === 0xff;
  if (!eocAt(n) && !(padded && eocAt(n - 1))) {
    throw new ImagingError('truncated', 'JPEG 2000 codestream has no end marker (EOC): truncated');
  }
}

function toTyped(raw: Uint8Array, bits: number, signed: boolean): J2kPixels['data'] {
  const copy = raw.slice(); // out of WASM memory, which the next decode reuses
  if (bits <= 8) return copy;
  return signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
}

/**
 * Decode one JPEG 2000 codestream (J2K or JP2).
 * @param bytes the codestream
 * @returns the samples and the codestream's own size and depth
 */
export async function decodeJpeg2000(bytes: Uint8Array): Promise<J2kPixels> {
  assertComplete(bytes);
  const openjpeg = await loadOpenJpeg();
  const decoder = new openjpeg.J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    return {
      width: info.width,
      height: info.height,
      channels: info.componentCount,
      bitsPerSample: info.bitsPerSample,
      data: toTyped(decoder.getDecodedBuffer(), info.bitsPerSample, info.isSigned),
    };
  } catch (err) {
    // An Emscripten abort leaves the module unusable; load a fresh one next time.
    if (err instanceof WebAssembly.RuntimeError) resetOpenJpeg();
    throw wrapDecodeError('JPEG 2000', err);
  } finally {
    decoder.delete();
  }
}
