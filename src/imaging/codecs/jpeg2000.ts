/**
 * JPEG 2000 (ISO/IEC 15444-1; DICOM .90 and .91) with OpenJPEG compiled to WASM
 * (@cornerstonejs/codec-openjpeg). Lazily imported.
 */
import { corruptError, truncatedError, wrapDecodeError } from '../errors.ts';
import { checkPixelLimit } from '../limits.ts';
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
    throw truncatedError(
      'JPEG 2000 image data',
      'the codestream has no end marker (EOC, FF D9) at its end',
    );
  }
}

/**
 * The image size from the SIZ segment (T.800 §A.5.1: SOC FF4F, then SIZ FF51 with Lsiz, Rsiz,
 * Xsiz, Ysiz, XOsiz, YOsiz), read before OpenJPEG allocates anything. A JP2 file wraps the
 * codestream in boxes, so look for the SOC+SIZ pair rather than assume it is at byte 0.
 */
function checkSize(bytes: Uint8Array): void {
  let at = -1;
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (
      bytes[i] === 0xff &&
      bytes[i + 1] === 0x4f &&
      bytes[i + 2] === 0xff &&
      bytes[i + 3] === 0x51
    ) {
      at = i + 2;
      break;
    }
  }
  if (at < 0 || at + 22 > bytes.length)
    throw corruptError('JPEG 2000 image data', 'no SOC + SIZ marker pair (FF 4F FF 51) was found');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(at + 6) - view.getUint32(at + 14);
  const height = view.getUint32(at + 10) - view.getUint32(at + 18);
  checkPixelLimit(width, height, 'JPEG 2000 SIZ (Xsiz − XOsiz, Ysiz − YOsiz)');
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
  checkSize(bytes);
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
    throw wrapDecodeError('JPEG 2000 image data', 'OpenJPEG', err);
  } finally {
    decoder.delete();
  }
}
