/**
 * JPEG DCT decoding (baseline and 8-bit extended/progressive, T.81 processes 1, 2 and 4 at
 * 8 bits) with jpeg-js, a pure-JS port of pdf.js's decoder. Lazily imported.
 */
import { decode } from 'jpeg-js';
import { errorText, ImagingError, wrapDecodeError } from '../errors.ts';
import { MAX_PIXELS } from '../limits.ts';
import { bytesText, type ReaderLimits } from '../../refusal/readerLimits.ts';
import { readJpegFrame, type JpegFrameInfo } from './jpegFrame.ts';

const MIB = 1024 * 1024;

/**
 * The bytes jpeg-js accounts for (its `requestMemoryAllocation` calls, jpeg-js 0.4.4
 * lib/decoder.js): per component, one 64-sample Int32 block per 8 × 8 block of its MCU-padded
 * plane and its 8-bit output plane; then the interleaved samples (`getData`) and the RGB output;
 * plus 1 MiB for tables and segments.
 * @param frame the frame header
 * @returns the memory the decode needs, in bytes
 */
export function jpegDecodeBytes(
  frame: Pick<JpegFrameInfo, 'width' | 'height' | 'sampling'>,
): number {
  const maxH = Math.max(1, ...frame.sampling.map((s) => s.h));
  const maxV = Math.max(1, ...frame.sampling.map((s) => s.v));
  const mcusPerLine = Math.ceil(frame.width / 8 / maxH);
  const mcusPerColumn = Math.ceil(frame.height / 8 / maxV);
  let total = MIB;
  for (const { h, v } of frame.sampling) {
    total += mcusPerLine * h * mcusPerColumn * v * 256; // Int32Array(64) per block
    const blocksPerLine = Math.ceil((Math.ceil(frame.width / 8) * h) / maxH);
    const blocksPerColumn = Math.ceil((Math.ceil(frame.height / 8) * v) / maxV);
    total += blocksPerLine * 8 * blocksPerColumn * 8; // the component's output plane
  }
  const pixels = frame.width * frame.height;
  return total + pixels * frame.sampling.length + pixels * 3;
}

/** The 8-bit JPEG decoder's budget. */
export const JPEG_LIMITS = {
  decodeBytes: {
    value: jpegDecodeBytes({
      width: 10_000,
      height: MAX_PIXELS / 10_000,
      sampling: [1, 2, 3].map(() => ({ h: 1, v: 1 })),
    }),
    unit: 'bytes',
    why: "what jpeg-js needs for the largest frame the 100-megapixel limit admits (three full-resolution components, about 2.1 GB): every JPEG within the pixel limit is decoded when the machine has the memory, and refused as too large (never as damaged) when it does not; jpeg-js's own default of 512 MB refused valid JPEGs from about 57 megapixels",
  },
} as const satisfies ReaderLimits;

/** A memory failure (jpeg-js's budget, or the allocation itself) is a size problem, not damage. */
function outOfMemory(frame: JpegFrameInfo, needed: number, err: unknown): ImagingError | null {
  const text = errorText(err);
  const memory =
    /maxMemoryUsageInMB|maxResolutionInMP|allocat|out of memory/i.test(text) ||
    (err instanceof RangeError && /buffer|array length/i.test(text));
  if (!memory) return null;
  return new ImagingError(
    'too-large',
    `This ${frame.width.toLocaleString('en-US')} × ${frame.height.toLocaleString('en-US')} JPEG needs about ${bytesText(needed)} of memory to decode, more than this device could give: reduce the image before loading it.`,
    { detail: `jpeg-js: ${text}`, cause: err },
  );
}

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
 * @param memoryBytes jpeg-js's memory cap; default what the frame needs (tests set less)
 * @returns grey (1 channel) or RGB (3 channels)
 */
export function decodeJpegDct(
  bytes: Uint8Array,
  colorTransform?: boolean,
  memoryBytes?: number,
): JpegPixels {
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
  const needed = jpegDecodeBytes(frame);
  let rgb: Uint8Array;
  try {
    // tolerantDecoding off: a truncated scan must fail, not come back half grey. The memory cap
    // is what this frame needs (its size is already within the pixel limit), so jpeg-js's own
    // check never refuses a valid file; maxResolutionInMP is ours (checked in readJpegFrame).
    rgb = decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      maxMemoryUsageInMB: Math.ceil((memoryBytes ?? needed) / MIB) + 1,
      maxResolutionInMP: Math.ceil(MAX_PIXELS / 1e6) + 1,
      ...(colorTransform === undefined ? {} : { colorTransform }),
    }).data;
  } catch (err) {
    throw outOfMemory(frame, needed, err) ?? wrapDecodeError('JPEG image data', 'jpeg-js', err);
  }
  if (frame.components === 3) {
    return { width: frame.width, height: frame.height, channels: 3, data: rgb };
  }
  // jpeg-js always writes RGB; a one-component image has R = G = B, so keep R.
  const grey = new Uint8Array(frame.width * frame.height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgb[i * 3] ?? 0;
  return { width: frame.width, height: frame.height, channels: 1, data: grey };
}
