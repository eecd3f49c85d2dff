/**
 * JPEG lossless (T.81 process 14, Huffman, any predictor; DICOM .57 and .70) with
 * jpeg-lossless-decoder-js (rii-mango, used by Cornerstone). Lazily imported.
 */
// tsconfig.node.json type-checks the tests without src/imaging's ambient declarations, so
// point at them from the modules that need them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../vendor.d.ts" />
import { Decoder } from 'jpeg-lossless-decoder-js';
import { corruptError, wrapDecodeError } from '../errors.ts';
import { readJpegFrame } from './jpegFrame.ts';

/** One decoded frame: samples interleaved, 8- or 16-bit containers. */
export interface LosslessPixels {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly precision: number;
  readonly data: Uint8Array | Uint16Array;
}

/**
 * Decode a lossless JPEG stream.
 * @param bytes the stream (SOI … EOI)
 * @param bytesPerSample 1 or 2: the DICOM Bits Allocated / 8 the output must fill
 * @returns the samples, with the frame header's size and precision
 */
export function decodeJpegLossless(bytes: Uint8Array, bytesPerSample: 1 | 2): LosslessPixels {
  const frame = readJpegFrame(bytes);
  if (frame.sof !== 0xc3) {
    throw corruptError(
      'lossless JPEG image data',
      `the transfer syntax says JPEG lossless but the stream is SOF${(frame.sof - 0xc0).toString(16)}, not SOF3`,
    );
  }
  let data: Uint8Array | Uint16Array;
  try {
    data = new Decoder().decode(bytes.buffer, bytes.byteOffset, bytes.byteLength, bytesPerSample);
  } catch (err) {
    throw wrapDecodeError('lossless JPEG image data', 'jpeg-lossless-decoder-js', err);
  }
  const expected = frame.width * frame.height * frame.components;
  if (data.length !== expected) {
    throw corruptError(
      'lossless JPEG image data',
      `the decoder gave ${data.length} samples, the frame header needs ${expected}`,
    );
  }
  return {
    width: frame.width,
    height: frame.height,
    channels: frame.components,
    precision: frame.precision,
    data,
  };
}
