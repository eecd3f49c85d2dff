/**
 * JPEG DCT decoding (baseline and 8-bit extended/progressive, T.81 processes 1, 2 and 4 at
 * 8 bits) with jpeg-js, a pure-JS port of pdf.js's decoder. Lazily imported.
 */
import { decode } from 'jpeg-js';
import { ImagingError, wrapDecodeError } from '../errors.ts';
import { readJpegFrame } from './jpegFrame.ts';

/** One decoded JPEG frame, 8-bit samples interleaved. */
export interface JpegPixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

/**
 * Decode an 8-bit DCT JPEG.
 * @param bytes the JPEG stream
 * @param colorTransform undefined lets jpeg-js follow the Adobe/JFIF markers; false keeps YCbCr
 * @returns grey (1 channel) or RGB (3 channels)
 */
export function decodeJpegDct(bytes: Uint8Array, colorTransform?: boolean): JpegPixels {
  const frame = readJpegFrame(bytes);
  if (frame.precision !== 8) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      `This JPEG stores ${frame.precision}-bit samples, which this decoder cannot read; export it as an 8-bit JPEG, PNG or DICOM.`,
      { detail: `SOF${(frame.sof - 0xc0).toString(16)} precision ${frame.precision}` },
    );
  }
  if (frame.components !== 1 && frame.components !== 3) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      `This JPEG has ${frame.components} colour components; only grey and RGB images can be read.`,
      { detail: `SOF${(frame.sof - 0xc0).toString(16)} with ${frame.components} components` },
    );
  }
  let rgb: Uint8Array;
  try {
    // tolerantDecoding off: a truncated scan must fail, not come back half grey.
    rgb = decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      ...(colorTransform === undefined ? {} : { colorTransform }),
    }).data;
  } catch (err) {
    throw wrapDecodeError('JPEG image data', 'jpeg-js', err);
  }
  if (frame.components === 3) {
    return { width: frame.width, height: frame.height, channels: 3, data: rgb };
  }
  // jpeg-js always writes RGB; a one-component image has R = G = B, so keep R.
  const grey = new Uint8Array(frame.width * frame.height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgb[i * 3] ?? 0;
  return { width: frame.width, height: frame.height, channels: 1, data: grey };
}
