/**
 * Read a JPEG's frame header without decoding it (ITU-T T.81 §B.2.2), to route the stream to the
 * right decoder, to refuse what that decoder would silently get wrong (12-bit samples), and to
 * check the size against the pixel limit before any decoder allocates (every JPEG path, file or
 * DICOM fragment, reads its frame header here first). A stream with a second frame header is
 * refused: the decoders take the last one, which the limit would not have seen (a 1 × 1 header
 * in front of a 20,000 × 20,000 one).
 */
import { corruptError, ImagingError, truncatedError } from '../errors.ts';
import { checkPixelLimit } from '../limits.ts';

/** The parts of a SOFn segment that matter for routing. */
export interface JpegFrameInfo {
  /** SOF marker low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless… */
  readonly sof: number;
  readonly precision: number;
  readonly height: number;
  readonly width: number;
  readonly components: number;
  /** Horizontal and vertical sampling factors of each component (T.81 §A.1.1), 1..4. */
  readonly sampling: readonly { readonly h: number; readonly v: number }[];
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
      const frame = frameAt(bytes, pos, marker);
      checkPixelLimit(frame.width, frame.height, `JPEG SOF${(marker - 0xc0).toString(16)}`);
      checkOneFrame(bytes, pos + 2 + length);
      return frame;
    }
    if (marker === 0xda || marker === 0xd9) break; // scan or EOI before any frame
    pos += 2 + length;
  }
  throw truncatedError('JPEG image data', 'the stream ends before its frame header (SOF)');
}

/** The SOFn segment at `pos` (T.81 §B.2.2, Figure B.3). */
function frameAt(bytes: Uint8Array, pos: number, marker: number): JpegFrameInfo {
  const components = bytes[pos + 9] ?? 0;
  const sampling = Array.from({ length: components }, (_, c) => {
    const hv = bytes[pos + 11 + 3 * c] ?? 0x11;
    return { h: Math.min(4, Math.max(1, hv >> 4)), v: Math.min(4, Math.max(1, hv & 15)) };
  });
  return {
    sof: marker,
    precision: bytes[pos + 4] ?? 0,
    height: ((bytes[pos + 5] ?? 0) << 8) | (bytes[pos + 6] ?? 0),
    width: ((bytes[pos + 7] ?? 0) << 8) | (bytes[pos + 8] ?? 0),
    components,
    sampling,
  };
}

/** T.81 §B.1.1.3 and Table B.1: markers that stand alone (no length): TEM, RST0–7, SOI, EOI. */
const standalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd9);

/**
 * Walks the marker segments after the frame header, skipping entropy-coded data (where 0xFF is
 * followed by 0x00 stuffing or an RST marker, §B.1.1.5), and refuses a second frame header.
 * Linear in the stream's length; stops at EOI or where the bytes end.
 */
function checkOneFrame(bytes: Uint8Array, from: number): void {
  let pos = from;
  while (pos + 1 < bytes.length) {
    if (bytes[pos] !== 0xff) {
      pos += 1; // entropy-coded data
      continue;
    }
    const marker = bytes[pos + 1] ?? 0;
    if (marker === 0x00 || marker === 0xff || standalone(marker)) {
      if (marker === 0xd9) return;
      pos += marker === 0xff ? 1 : 2;
      continue;
    }
    if (isSof(marker))
      throw new ImagingError(
        'corrupt',
        'This JPEG has two frame headers where a JPEG image has one, so it was not decoded: export the image again.',
        {
          detail: `a second SOF${(marker - 0xc0).toString(16)} at byte ${pos}; a decoder would use it, and the size limit checked the first (T.81 §B.2)`,
        },
      );
    pos += 2 + (((bytes[pos + 2] ?? 0) << 8) | (bytes[pos + 3] ?? 0));
  }
}
