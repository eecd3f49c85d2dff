/**
 * A PNG's chunks checked before fast-png decodes anything (ISO/IEC 15948, PNG 2nd edition):
 *
 * - IHDR is the first chunk and appears exactly once (§5.6): a decoder that takes the last IHDR
 *   would otherwise decode a 20,000 × 20,000 image behind a 1 × 1 header that passed the limit;
 * - the size limit (limits.ts) holds for that one header;
 * - every zlib stream is inflated with a cap, counting bytes and keeping none: the image data
 *   (IDAT, §10) may not inflate past what the header implies (one filter byte plus the packed
 *   samples of each row of each pass, §7.2 and §8.2), and the compressed ancillary chunks (iCCP,
 *   zTXt, iTXt, §11.3) share a small fixed budget.
 *
 * Once a file passes, fast-png's own inflate of the same streams is bounded by the same numbers.
 */
import { corruptError, ImagingError, truncatedError } from './errors.ts';
import { inflatedSize, InflateLimitError, isFlateError } from './inflate.ts';
import { checkPixelLimit } from './limits.ts';
import { bytesText, type ReaderLimits } from '../refusal/readerLimits.ts';

/** The PNG reader's budget (the pixel limit itself is MAX_PIXELS in limits.ts). */
export const PNG_LIMITS = {
  ancillaryInflateBytes: {
    value: 16 * 1024 * 1024,
    unit: 'bytes, all iCCP, zTXt and iTXt streams of a file together',
    why: 'ICC profiles are a few KB (sRGB 3 KB) to a few MB (large printer profiles about 4 MB) and text is smaller; nothing here reads them, so 16 MB is room for any real file and caps the time spent inflating them',
  },
} as const satisfies ReaderLimits;

const SIGNATURE_BYTES = 8;
const IHDR_LENGTH = 13;
// PNG §11.2.2 Table 11.1: samples per pixel of each colour type, and the bit depths it allows.
const COLOUR_TYPES: Readonly<Record<number, { channels: number; depths: readonly number[] }>> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};
// §8.2 Adam7: origin and step of each of the seven passes.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
const COMPRESSED_ANCILLARY = new Set(['iCCP', 'zTXt', 'iTXt']);

/** The image header (§11.2.2). */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlaced: boolean;
}

interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly length: number;
}

/** Every chunk up to IEND (or the end of the file), each checked to lie inside the file. */
function chunksOf(bytes: Uint8Array): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  let at = SIGNATURE_BYTES;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (length > 0x7fffffff)
      throw corruptError(
        'PNG file',
        `chunk ${type} at byte ${at} claims ${length} bytes (§5.3 allows at most 2^31 − 1)`,
      );
    const start = at + 8;
    if (start + length + 4 > bytes.length)
      throw truncatedError(
        'PNG file',
        `chunk ${type} at byte ${at} needs ${length + 12} bytes, ${bytes.length - at} are left`,
      );
    chunks.push({ type, start, length });
    if (type === 'IEND') return chunks;
    at = start + length + 4;
  }
  if (chunks.length === 0) throw truncatedError('PNG file', `${bytes.length} bytes: no IHDR chunk`);
  return chunks;
}

function readHeader(bytes: Uint8Array, chunks: readonly Chunk[]): PngHeader {
  const [first] = chunks;
  if (first?.type !== 'IHDR' || first.length !== IHDR_LENGTH)
    throw corruptError(
      'PNG file',
      `the first chunk is ${first?.type ?? 'missing'} (${first?.length ?? 0} bytes), not a 13-byte IHDR (§5.6)`,
    );
  const headers = chunks.filter((c) => c.type === 'IHDR').length;
  if (headers > 1)
    throw new ImagingError(
      'corrupt',
      `This PNG file has ${headers} image headers where a PNG has exactly one, so it was not decoded: export the image again.`,
      {
        detail:
          'PNG §5.6: IHDR shall be the first chunk and appear once; a later IHDR could describe a larger image than the one checked',
      },
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset + first.start, IHDR_LENGTH);
  const header = {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth: view.getUint8(8),
    colourType: view.getUint8(9),
    interlaced: view.getUint8(12) === 1,
  };
  checkPixelLimit(header.width, header.height, 'PNG IHDR');
  const allowed = COLOUR_TYPES[header.colourType];
  if (allowed === undefined || !allowed.depths.includes(header.bitDepth))
    throw corruptError(
      'PNG file',
      `IHDR colour type ${header.colourType} with bit depth ${header.bitDepth} is not a PNG combination (§11.2.2 Table 11.1)`,
    );
  return header;
}

/**
 * @param h an image header (colour type and depth already checked)
 * @returns the bytes its image data inflates to: per row of each pass, a filter byte and the
 *   packed samples (§7.2, §8.2)
 */
export function expectedImageBytes(h: PngHeader): number {
  const channels = COLOUR_TYPES[h.colourType]?.channels ?? 4;
  const rowBytes = (w: number): number => 1 + Math.ceil((w * channels * h.bitDepth) / 8);
  if (!h.interlaced) return h.height * rowBytes(h.width);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil(Math.max(0, h.width - x0) / dx);
    const rows = Math.ceil(Math.max(0, h.height - y0) / dy);
    if (w > 0 && rows > 0) total += rows * rowBytes(w);
  }
  return total;
}

/** The IDAT payloads, in order: together one zlib stream (§10.1). */
function imageStream(bytes: Uint8Array, chunks: readonly Chunk[]): Uint8Array[] {
  return chunks
    .filter((c) => c.type === 'IDAT')
    .map((c) => bytes.subarray(c.start, c.start + c.length));
}

/** The zlib stream of a compressed ancillary chunk, or null when it holds none (iTXt flag 0). */
function ancillaryStream(bytes: Uint8Array, c: Chunk): Uint8Array | null {
  const data = bytes.subarray(c.start, c.start + c.length);
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0) return null; // no keyword terminator: nothing fast-png would inflate either
  if (c.type !== 'iTXt') return data.subarray(keywordEnd + 2); // keyword\0 method(1) stream
  if (data[keywordEnd + 1] !== 1) return null; // iTXt compression flag 0: plain text
  const language = data.indexOf(0, keywordEnd + 3);
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
  return translated < 0 ? null : data.subarray(translated + 1);
}

function bomb(what: string, limitText: string, detail: string): ImagingError {
  return new ImagingError(
    'decompression-bomb',
    `This PNG file's ${what} expands to more than ${limitText} (a decompression bomb), so it was not decoded: export the image again.`,
    { detail },
  );
}

/** Inflates the compressed ancillary chunks against one shared budget. */
function checkAncillary(bytes: Uint8Array, chunks: readonly Chunk[]): void {
  let left = PNG_LIMITS.ancillaryInflateBytes.value;
  for (const c of chunks) {
    if (!COMPRESSED_ANCILLARY.has(c.type)) continue;
    const stream = ancillaryStream(bytes, c);
    if (stream === null) continue;
    try {
      left -= inflatedSize(stream, 'zlib', left);
    } catch (err) {
      if (err instanceof InflateLimitError)
        throw bomb(
          `${c.type} chunk`,
          `${bytesText(PNG_LIMITS.ancillaryInflateBytes.value)}, this app's budget for embedded profiles and text`,
          `${c.type} at byte ${c.start - 8}: stopped after ${err.produced.toLocaleString('en-US')} inflated bytes; limit ${PNG_LIMITS.ancillaryInflateBytes.value.toLocaleString('en-US')} for all iCCP, zTXt and iTXt streams together`,
        );
      if (isFlateError(err)) throw corruptError('PNG file', `${c.type} chunk: ${err.message}`, err);
      throw err;
    }
  }
}

/**
 * Checks a PNG before decoding: chunk order, the size limit, and every zlib stream's inflated size.
 * Nothing inflated is kept; a file that passes decodes within the bytes its header implies.
 * @param bytes the file (signature already recognised)
 * @returns its header
 * @throws ImagingError 'truncated', 'corrupt', 'too-large' or 'decompression-bomb'
 */
export function checkPng(bytes: Uint8Array): PngHeader {
  const chunks = chunksOf(bytes);
  const header = readHeader(bytes, chunks);
  checkAncillary(bytes, chunks);
  const expected = expectedImageBytes(header);
  try {
    inflatedSize(imageStream(bytes, chunks), 'zlib', expected);
  } catch (err) {
    if (err instanceof InflateLimitError)
      throw bomb(
        'image data',
        `its header's ${header.width.toLocaleString('en-US')} × ${header.height.toLocaleString('en-US')} pixels need`,
        `IDAT inflates past ${expected.toLocaleString('en-US')} bytes (the size IHDR implies: filter byte + packed samples per row); stopped at ${err.produced.toLocaleString('en-US')}`,
      );
    // A damaged or short stream is left to fast-png, which names it (and classify() in raster.ts
    // tells a cut file from a damaged one).
    if (!isFlateError(err)) throw err;
  }
  return header;
}
