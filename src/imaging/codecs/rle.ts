/**
 * DICOM RLE Lossless (PS3.5 Annex G). No maintained standalone JS package decodes it, and the
 * scheme is small: a 64-byte header of segment offsets (G.5), then one PackBits-style byte
 * segment per byte plane (G.3.1), most significant byte plane first (G.2).
 */
import { corruptError, truncatedError } from '../errors.ts';

/** One decoded frame: planes re-interleaved into samples. */
export interface RlePixels {
  readonly data: Uint8Array | Uint16Array;
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return (
    ((bytes[pos] ?? 0) | ((bytes[pos + 1] ?? 0) << 8) | ((bytes[pos + 2] ?? 0) << 16)) +
    (bytes[pos + 3] ?? 0) * 0x1000000
  );
}

/** G.3.1: n ≥ 0 copies the next n+1 bytes; −127 ≤ n ≤ −1 repeats the next byte 1−n times; −128 is a no-op. */
function decodeSegment(src: Uint8Array, out: Uint8Array): void {
  let i = 0;
  let o = 0;
  while (o < out.length && i < src.length) {
    const n = ((src[i++] ?? 0) << 24) >> 24; // as int8
    if (n >= 0) {
      const end = i + n + 1;
      if (end > src.length) break;
      out.set(src.subarray(i, Math.min(end, i + out.length - o)), o);
      o += Math.min(n + 1, out.length - o);
      i = end;
    } else if (n !== -128) {
      const value = src[i++] ?? 0;
      const count = Math.min(1 - n, out.length - o);
      out.fill(value, o, o + count);
      o += count;
    }
  }
  if (o < out.length) {
    throw truncatedError('RLE image data', `an RLE segment ends after ${o} of ${out.length} bytes`);
  }
}

/**
 * Decode one RLE frame.
 * @param frame the frame's bytes (header + segments)
 * @param pixels rows × columns
 * @param samplesPerPixel 1 or 3
 * @param bytesPerSample 1 or 2 (Bits Allocated / 8)
 * @returns interleaved samples, 16-bit samples in a Uint16Array
 */
export function decodeRle(
  frame: Uint8Array,
  pixels: number,
  samplesPerPixel: number,
  bytesPerSample: 1 | 2,
): RlePixels {
  const segments = readUint32(frame, 0);
  const expected = samplesPerPixel * bytesPerSample;
  if (frame.length < 64 || segments !== expected) {
    throw corruptError(
      'RLE image data',
      `the RLE header lists ${segments} segments, the image needs ${expected} (PS3.5 G.5)`,
    );
  }
  const plane = new Uint8Array(pixels);
  const out8 = new Uint8Array(pixels * samplesPerPixel);
  const out16 = bytesPerSample === 2 ? new Uint16Array(pixels * samplesPerPixel) : undefined;
  for (let s = 0; s < segments; s++) {
    const start = readUint32(frame, 4 + 4 * s);
    const end = s + 1 < segments ? readUint32(frame, 8 + 4 * s) : frame.length;
    if (start < 64 || end > frame.length || end < start) {
      throw truncatedError(
        'RLE image data',
        `RLE segment ${s} (bytes ${start}–${end}) lies outside the ${frame.length}-byte frame`,
      );
    }
    decodeSegment(frame.subarray(start, end), plane);
    const sample = Math.floor(s / bytesPerSample);
    const shift = out16 && s % 2 === 0 ? 8 : 0; // G.2: high byte plane first
    for (let p = 0; p < pixels; p++) {
      const at = p * samplesPerPixel + sample;
      if (out16) out16[at] = (out16[at] ?? 0) | ((plane[p] ?? 0) << shift);
      else out8[at] = plane[p] ?? 0;
    }
  }
  return { data: out16 ?? out8 };
}
