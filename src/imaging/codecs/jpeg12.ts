/**
 * 12-bit DCT JPEG (T.81 process 4, "JPEG Extended"; DICOM 1.2.840.10008.1.2.4.51 with Bits Stored
 * 12) with daikon's decoder, a pdf.js JpegImage extended to 12-bit samples. jpeg-js is 8-bit only,
 * and no WASM libjpeg build on npm has the 12-bit path. Lazily imported, grey images only (the
 * decoder's 16-bit output handles one component, which is what 12-bit radiographs use).
 *
 * Numeric quirk (do not "simplify"): the decoder's level shift for precision P is
 * 2056 · (2^P − 1) / 255, right for P = 8 (128·16 + 8) but 33016.9 instead of 2048·16 + 8 = 32776
 * for P = 12: every sample comes out 15 levels high (16 for 1 in 16 of them, from the fraction),
 * and it clamps at true value 4080. We subtract 15: the result is within ±1 of IJG/DCMTK's decode
 * (checked on a DCMTK-encoded fixture), and true values 4080–4095 read 4080 (the top 0.4 %).
 */
// tsconfig.node.json type-checks the tests without src/imaging's ambient declarations, so
// point at them from the modules that need them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../vendor.d.ts" />
import daikonJpeg from 'daikon/lib/jpeg-baseline.js';
import { ImagingError, wrapDecodeError } from '../errors.ts';
import { readJpegFrame } from './jpegFrame.ts';

/** Excess of the decoder's 12-bit level shift, in output levels (see the module comment). */
export const LEVEL_SHIFT_EXCESS_12BIT = 15;

/** One decoded 12-bit grey frame in a 16-bit container. */
export interface Jpeg12Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint16Array;
}

/**
 * The decoder stops at FF fill bytes before EOI (legal, T.81 §B.1.1.2; DCMTK writes one to give
 * the fragment an even length), so collapse a run of FFs before the final EOI.
 */
function withoutFillBeforeEoi(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n < 4 || bytes[n - 1] !== 0xd9 || bytes[n - 2] !== 0xff || bytes[n - 3] !== 0xff)
    return bytes;
  let end = n - 2;
  while (end > 0 && bytes[end - 1] === 0xff) end--;
  const out = new Uint8Array(end + 2);
  out.set(bytes.subarray(0, end));
  out.set([0xff, 0xd9], end);
  return out;
}

/**
 * Decode a 12-bit sequential DCT JPEG.
 * @param bytes the JPEG stream (SOI … EOI)
 * @returns grey samples in [0, 4095]
 */
export function decodeJpeg12(bytes: Uint8Array): Jpeg12Pixels {
  const frame = readJpegFrame(bytes);
  if (frame.precision !== 12 || (frame.sof !== 0xc0 && frame.sof !== 0xc1)) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      'This JPEG is not the 12-bit sequential kind this decoder reads; export it uncompressed or as JPEG 2000.',
      {
        detail: `expected a 12-bit sequential DCT JPEG, got SOF${(frame.sof - 0xc0).toString(16)} at ${frame.precision} bits`,
      },
    );
  }
  if (frame.components !== 1) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      `This 12-bit JPEG has ${frame.components} colour components; only grey 12-bit JPEGs can be read.`,
      {
        detail: `12-bit SOF${(frame.sof - 0xc0).toString(16)} with ${frame.components} components`,
      },
    );
  }
  let raw: Uint16Array;
  try {
    const jpeg = new daikonJpeg.JpegImage();
    jpeg.parse(withoutFillBeforeEoi(bytes));
    raw = jpeg.getData16(frame.width, frame.height);
  } catch (err) {
    throw wrapDecodeError('12-bit JPEG image data', 'daikon JpegImage', err);
  }
  const data = new Uint16Array(raw.length);
  for (let i = 0; i < raw.length; i++)
    data[i] = Math.max(0, (raw[i] ?? 0) - LEVEL_SHIFT_EXCESS_12BIT);
  return { width: frame.width, height: frame.height, data };
}
