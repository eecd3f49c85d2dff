/**
 * PNG (fast-png: keeps 16-bit depth) and JPEG (jpeg-js) files into a DecodedImage.
 *
 * PNG colour types (ISO/IEC 15948 §6.1): grey, grey+alpha, RGB, RGBA, palette. Alpha is dropped
 * with a note (radiographs have none; compositing onto a colour would be a guess). An RGB file
 * whose three channels are equal everywhere is stored as grey, as many exported X-rays are.
 */
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import { errorText, ImagingError, truncatedError, wrapDecodeError } from './errors.ts';
import { checkPng } from './pngCheck.ts';
import type { DecodedImage } from './types.ts';

type Samples = Uint8Array | Uint16Array;

// The IEND chunk (PNG §11.2.5) and the JPEG EOI marker (T.81 §B.2.1) close every complete file.
const PNG_IEND = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const JPEG_EOI = [0xff, 0xd9];

function endsWith(bytes: Uint8Array, tail: readonly number[]): boolean {
  const start = bytes.length - tail.length;
  return start >= 0 && tail.every((b, i) => bytes[start + i] === b);
}

/**
 * A failed decode: the library's error, except that a file without its closing marker whose
 * decode failed is reported as cut short (the likelier truth than "damaged").
 */
function classify(what: string, codec: string, err: unknown, complete: boolean): ImagingError {
  const wrapped = wrapDecodeError(what, codec, err);
  if (complete || wrapped.code !== 'corrupt') return wrapped;
  const marker = what.startsWith('PNG') ? 'IEND chunk' : 'EOI marker (FF D9)';
  const inner = err instanceof ImagingError ? err.detail : `${codec}: ${errorText(err)}`;
  return truncatedError(what, `no ${marker} at the end; ${inner}`, err);
}

/**
 * Significant bits of a 16-bit grey image: the bits its largest value needs (values up to 31,926
 * use 15 of 16, a PNG written from 8-bit data 8), so that windowing follows the values the file
 * holds, never the container's nominal 0–65,535 (see grey.ts `resolveWindow`).
 */
function significantBits(data: Uint16Array, notes: string[]): number {
  let min = 65535;
  let max = 0;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const bits = Math.max(1, Math.ceil(Math.log2(max + 1)));
  if (bits < 16) {
    const range = `${min.toLocaleString('en-US')}–${max.toLocaleString('en-US')}`;
    notes.push(`16-bit PNG whose values (${range}) use ${bits} bits: read as ${bits}-bit`);
  }
  return bits;
}

/** fast-png leaves 1/2/4-bit samples packed, each row padded to a byte (PNG §7.2). */
function unpackLowDepth(png: DecodedPng): Uint8Array {
  const { width, height, depth, channels } = png;
  const stride = Math.ceil((width * channels * depth) / 8);
  const out = new Uint8Array(width * height * channels);
  const maxIn = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * channels; x++) {
      const bit = x * depth;
      const byte = png.data[y * stride + (bit >> 3)] ?? 0;
      const value = (byte >> (8 - depth - (bit & 7))) & maxIn;
      // Scale to 8 bits by bit replication (PNG §13.12) so grey levels keep their meaning.
      out[y * width * channels + x] = Math.round((value * 255) / maxIn);
    }
  }
  return out;
}

function dropChannel(data: Samples, from: number, keep: number): Samples {
  const pixels = data.length / from;
  const out =
    data instanceof Uint16Array ? new Uint16Array(pixels * keep) : new Uint8Array(pixels * keep);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < keep; c++) out[p * keep + c] = data[p * from + c] ?? 0;
  }
  return out;
}

function greyIfNeutral(data: Samples): Samples | undefined {
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return undefined;
  }
  return dropChannel(data, 3, 1);
}

function pngSamples(
  png: DecodedPng,
  notes: string[],
): { data: Samples; channels: number; bits: number } {
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    notes.push('PNG palette expanded to RGB');
    return { data: rgb, channels: rgb.length / (png.width * png.height), bits: 8 };
  }
  const data = png.depth < 8 ? unpackLowDepth(png) : png.data;
  const bits = png.depth < 8 ? 8 : png.depth;
  return {
    data: data instanceof Uint8ClampedArray ? new Uint8Array(data.buffer) : data,
    channels: png.channels,
    bits,
  };
}

/**
 * Decode a PNG file.
 * @param bytes the file
 * @returns grey or RGB at the file's bit depth (1/2/4-bit scaled to 8)
 */
export function decodePngImage(bytes: Uint8Array): DecodedImage {
  checkPng(bytes); // chunk order, size limit and every zlib stream's size, before fast-png runs
  let png: DecodedPng;
  try {
    png = decodePng(bytes, { checkCrc: true });
  } catch (err) {
    throw classify('PNG file', 'fast-png', err, endsWith(bytes, PNG_IEND));
  }
  const notes: string[] = [];
  const decoded = pngSamples(png, notes);
  let { data, channels, bits } = decoded;
  if (channels === 2 || channels === 4) {
    notes.push('alpha channel ignored');
    data = dropChannel(data, channels, channels - 1);
    channels -= 1;
  }
  const neutral = channels === 3 ? greyIfNeutral(data) : undefined;
  if (neutral) {
    notes.push('RGB with R = G = B everywhere: treated as greyscale');
    data = neutral;
    channels = 1;
  }
  if (channels === 1 && data instanceof Uint16Array) bits = significantBits(data, notes);
  return {
    width: png.width,
    height: png.height,
    channels: channels === 3 ? 3 : 1,
    bitsStored: bits,
    data,
    photometric: channels === 3 ? 'RGB' : 'MONOCHROME2',
    source: { format: 'png', identifying: [] },
    notes,
  };
}

/** A standalone lossless JPEG (SOF3, T.81 process 14), e.g. exported from a PACS. */
async function decodeLosslessJpegFile(bytes: Uint8Array, precision: number): Promise<DecodedImage> {
  const { decodeJpegLossless } = await import('./codecs/jpegLossless.ts');
  const out = decodeJpegLossless(bytes, precision > 8 ? 2 : 1);
  if (out.channels !== 1 && out.channels !== 3) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      `This JPEG has ${out.channels} colour components; only grey and RGB images can be read.`,
      { detail: `lossless JPEG (SOF3) with ${out.channels} components` },
    );
  }
  return {
    width: out.width,
    height: out.height,
    channels: out.channels,
    bitsStored: out.precision,
    data: out.data,
    photometric: out.channels === 3 ? 'RGB' : 'MONOCHROME2',
    source: { format: 'jpeg', identifying: [] },
    notes: ['lossless JPEG (process 14)'],
  };
}

/** A standalone 12-bit DCT JPEG (T.81 process 4), grey, as some modalities export. */
async function decode12BitJpegFile(bytes: Uint8Array): Promise<DecodedImage> {
  const { decodeJpeg12 } = await import('./codecs/jpeg12.ts');
  const out = decodeJpeg12(bytes);
  return {
    width: out.width,
    height: out.height,
    channels: 1,
    bitsStored: 12,
    data: out.data,
    photometric: 'MONOCHROME2',
    source: { format: 'jpeg', identifying: [] },
    notes: ['12-bit JPEG (process 4)'],
  };
}

/**
 * Decode a JPEG file (lazy: the codec loads on first use). DCT JPEGs go to jpeg-js (8-bit) or the
 * 12-bit codec; lossless (SOF3) JPEGs to the lossless decoder, keeping up to 16 bits.
 * @param bytes the file
 * @returns grey or RGB
 */
export async function decodeJpegImage(bytes: Uint8Array): Promise<DecodedImage> {
  const { readJpegFrame } = await import('./codecs/jpegFrame.ts');
  const { decodeJpegDct } = await import('./codecs/jpegBaseline.ts');
  let jpeg: ReturnType<typeof decodeJpegDct>;
  try {
    const frame = readJpegFrame(bytes);
    if (frame.sof === 0xc3) return await decodeLosslessJpegFile(bytes, frame.precision);
    if (frame.precision === 12) return await decode12BitJpegFile(bytes);
    jpeg = decodeJpegDct(bytes);
  } catch (err) {
    throw classify('JPEG file', 'jpeg-js', err, endsWith(bytes, JPEG_EOI));
  }
  return {
    width: jpeg.width,
    height: jpeg.height,
    channels: jpeg.channels,
    bitsStored: 8,
    data: jpeg.data,
    photometric: jpeg.channels === 3 ? 'RGB' : 'MONOCHROME2',
    source: { format: 'jpeg', identifying: [] },
    notes: [],
  };
}
