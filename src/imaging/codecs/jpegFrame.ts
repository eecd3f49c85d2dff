/**
 * Read a JPEG's frame header without decoding it (ITU-T T.81 §B.2.2), to route the stream to the
 * right decoder, to refuse what that decoder would silently get wrong (12-bit samples), and to
 * check the size against the pixel limit before any decoder allocates (every JPEG path, file or
 * DICOM fragment, reads its frame header here first).
 */
import { corruptError, truncatedError } from '../errors.ts';
import { checkPixelLimit } from '../limits.ts';

/** The parts of a SOFn segment that matter for routing. */
export interface JpegFrameInfo {
  /** SOF marker low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless… */
  readonly sof: number;
  readonly precision: number;
  readonly height: number;
  readonly width: number;
  readonly components: number;
}

// T.81 Table B.1: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
const isSof = (m: number): boolean =>
  m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Find the first SOF segment.
 * @param bytes a JPEG stream starting at SOI
 * @returns the frame header fields
 */
export function readJpegFrame(bytes: Uint8Array): JpegFrameInfo {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw corruptError('JPEG image data', 'the stream does not start with SOI (FF D8)');
  }
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff)
      throw corruptError('JPEG image data', `a marker (FF xx) was expected at byte ${pos}`);
    const marker = bytes[pos + 1] ?? 0;
    if (marker === 0xff) {
      pos += 1; // T.81 §B.1.1.2: any marker may be preceded by fill bytes 0xFF
      continue;
    }
    const length = ((bytes[pos + 2] ?? 0) << 8) | (bytes[pos + 3] ?? 0);
    if (isSof(marker)) {
      if (pos + 10 > bytes.length) break;
      const frame = {
        sof: marker,
        precision: bytes[pos + 4] ?? 0,
        height: ((bytes[pos + 5] ?? 0) << 8) | (bytes[pos + 6] ?? 0),
        width: ((bytes[pos + 7] ?? 0) << 8) | (bytes[pos + 8] ?? 0),
        components: bytes[pos + 9] ?? 0,
      };
      checkPixelLimit(frame.width, frame.height, `JPEG SOF${(marker - 0xc0).toString(16)}`);
      return frame;
    }
    if (marker === 0xda || marker === 0xd9) break; // scan or EOI before any frame
    pos += 2 + length;
  }
  throw truncatedError('JPEG image data', 'the stream ends before its frame header (SOF)');
}
