/**
 * Deflated Explicit VR Little Endian (PS3.5 §A.5): everything after the file meta is one raw
 * DEFLATE stream, so the image's size is only known once part of it is inflated. It is inflated
 * with a cap that tightens as it learns:
 *
 * 1. until the top-level Pixel Data element (7FE0,0010) is reached, at most the header budget;
 * 2. then at most what the header implies: Rows × Columns × Samples per Pixel × Bits Allocated/8
 *    × Number of Frames, plus a small trailer (checked against the pixel limit before the output
 *    is allocated, once, at that size).
 *
 * A file whose stream inflates past that (1.5 MB of zeros that would become 4 GB) is refused as
 * soon as the cap is passed.
 */
import type { DataSet } from 'dicom-parser';
import { bytesText, type ReaderLimits } from '../refusal/readerLimits.ts';
import { dicomParser } from './dicomParserLib.ts';
import { ImagingError } from './errors.ts';
import { inflateStream, InflateLimitError } from './inflate.ts';
import { checkPixelLimit } from './limits.ts';

const MIB = 1024 * 1024;

/** The deflated DICOM reader's budget. */
export const DICOM_DEFLATE_LIMITS = {
  headerBytes: {
    value: 64 * MIB,
    unit: 'bytes inflated before Pixel Data',
    why: 'the elements before Pixel Data are inflated before the image size is known: real headers are kilobytes (a few MB with private data or an icon), so 64 MB is room for any of them and bounds what a header-only bomb costs',
  },
  trailerBytes: {
    value: MIB,
    unit: 'bytes after Pixel Data',
    why: 'elements after Pixel Data (trailing padding, digital signatures) are rare and small',
  },
  totalBytes: {
    value: 1024 * MIB,
    unit: 'bytes of pixel data, all frames',
    why: 'the syntax has no frame offsets, so every frame is inflated to reach the first: 1 GB holds the largest single frame the pixel limit admits (100 MP × 3 samples × 16 bits = 600 MB) and a few smaller ones; a longer series is refused as too large',
  },
} as const satisfies ReaderLimits;

/** The first probe for Pixel Data; each later one waits for twice as many inflated bytes. */
const FIRST_PROBE_BYTES = 64 * 1024;

const TAGS = {
  pixelData: 'x7fe00010',
  rows: 'x00280010',
  columns: 'x00280011',
  samplesPerPixel: 'x00280002',
  bitsAllocated: 'x00280100',
  frames: 'x00280008',
} as const;

/** The image size a header describes (defaults as in dicomHeader.ts readHeader). */
interface ImpliedSize {
  /** Bytes of the inflated data set up to the Pixel Data value. */
  readonly pixelOffset: number;
  /** Bytes of pixel data, all frames. */
  readonly pixelBytes: number;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]?.length === total) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Parses the inflated prefix up to (not into) Pixel Data.
 * @returns the implied size, or null when the prefix does not yet reach Pixel Data
 */
function probe(prefix: Uint8Array): ImpliedSize | null {
  const ds = { elements: {}, warnings: [] } as unknown as DataSet;
  try {
    const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, prefix, 0);
    dicomParser.parseDicomDataSetExplicit(ds, stream, prefix.length, { untilTag: TAGS.pixelData });
  } catch {
    return null; // cut inside an element: wait for more (or let the full parse name the damage)
  }
  const pixel = ds.elements[TAGS.pixelData];
  if (pixel === undefined) return null;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const u16 = (tag: string, fallback: number): number => {
    const el = ds.elements[tag];
    return el !== undefined && el.length >= 2 ? view.getUint16(el.dataOffset, true) : fallback;
  };
  const framesEl = ds.elements[TAGS.frames];
  const framesText = framesEl
    ? String.fromCharCode(
        ...prefix.subarray(
          framesEl.dataOffset,
          framesEl.dataOffset + Math.min(framesEl.length, 16),
        ),
      )
    : '1';
  const frames = Math.max(1, Number.parseInt(framesText.trim(), 10) || 1);
  const rows = u16(TAGS.rows, 0);
  const columns = u16(TAGS.columns, 0);
  checkPixelLimit(columns, rows, 'DICOM Columns (0028,0011) × Rows (0028,0010)');
  const sampleBytes = Math.ceil(u16(TAGS.bitsAllocated, 16) / 8);
  const frameBytes = rows * columns * u16(TAGS.samplesPerPixel, 1) * sampleBytes;
  return { pixelOffset: pixel.dataOffset, pixelBytes: frames * frameBytes };
}

function tooLarge(pixelBytes: number): ImagingError {
  const limit = DICOM_DEFLATE_LIMITS.totalBytes.value;
  return new ImagingError(
    'too-large',
    `This deflated DICOM file holds ${bytesText(pixelBytes)} of pixel data, more than the ${bytesText(limit)} this app inflates: export the first frame on its own, or uncompressed.`,
    {
      detail: `Rows × Columns × Samples per Pixel × Bits Allocated/8 × Number of Frames = ${pixelBytes.toLocaleString('en-US')} bytes; limit ${limit.toLocaleString('en-US')}`,
    },
  );
}

function bomb(limit: number, produced: number, known: boolean): ImagingError {
  const what = known
    ? 'more than its header says the image holds'
    : `more than ${bytesText(limit)} before its pixel data`;
  return new ImagingError(
    'decompression-bomb',
    `This deflated DICOM file expands to ${what} (a decompression bomb), so it was not decoded: export the image again.`,
    {
      detail: `inflating stopped at ${produced.toLocaleString('en-US')} bytes; limit ${limit.toLocaleString('en-US')} (Pixel Data at the size Rows, Columns, Samples per Pixel, Bits Allocated and Number of Frames imply, plus ${bytesText(DICOM_DEFLATE_LIMITS.trailerBytes.value)} after it)`,
    },
  );
}

/** The inflated data set as it grows: chunks until Pixel Data is found, then one buffer. */
class DataSetSink {
  private chunks: Uint8Array[] = [];
  private inflated = 0;
  private nextProbe = FIRST_PROBE_BYTES;
  private out: Uint8Array | null = null;
  private cap: number = DICOM_DEFLATE_LIMITS.headerBytes.value;
  private readonly meta: Uint8Array;

  constructor(meta: Uint8Array) {
    this.meta = meta;
  }

  /** Whether the size is known (the cap is the header's). */
  get sized(): boolean {
    return this.out !== null;
  }

  /** Output bytes to take before the next check: up to the cap, or the next probe before it. */
  room(): number {
    const until = this.out === null ? Math.min(this.cap, this.nextProbe) : this.cap;
    return Math.max(0, until - this.inflated);
  }

  push(chunk: Uint8Array): void {
    this.inflated += chunk.length;
    if (this.inflated > this.cap) throw new InflateLimitError(this.cap, this.inflated);
    if (this.out !== null) {
      this.out.set(chunk, this.meta.length + this.inflated - chunk.length);
      return;
    }
    this.chunks.push(chunk);
    if (this.inflated < this.nextProbe) return;
    this.nextProbe = this.inflated * 2;
    const prefix = concat(this.chunks, this.inflated);
    this.chunks = [prefix];
    const size = probe(prefix);
    if (size !== null) this.open(prefix, size);
  }

  /** @returns the file meta followed by the inflated data set */
  finish(): Uint8Array {
    if (this.out === null) {
      // The stream ended before a probe found Pixel Data: check what it holds now.
      const prefix = concat(this.chunks, this.inflated);
      const size = probe(prefix);
      if (size === null) return concat([this.meta, prefix], this.meta.length + this.inflated);
      this.open(prefix, size);
    }
    return (this.out ?? new Uint8Array(0)).subarray(0, this.meta.length + this.inflated);
  }

  private open(prefix: Uint8Array, size: ImpliedSize): void {
    if (size.pixelBytes > DICOM_DEFLATE_LIMITS.totalBytes.value) throw tooLarge(size.pixelBytes);
    this.cap = size.pixelOffset + size.pixelBytes + DICOM_DEFLATE_LIMITS.trailerBytes.value;
    if (this.inflated > this.cap) throw bomb(this.cap, this.inflated, true);
    this.out = new Uint8Array(this.meta.length + this.cap);
    this.out.set(this.meta);
    this.out.set(prefix, this.meta.length);
    this.chunks = [];
  }
}

/**
 * The `inflater` dicomParser calls for the deflated transfer syntax.
 * @param bytes the file
 * @param position where the deflated data set starts (after the file meta)
 * @returns the file meta followed by the inflated data set
 * @throws ImagingError 'too-large' or 'decompression-bomb'; fflate's error for corrupt data
 */
export function inflateDeflatedDataSet(bytes: Uint8Array, position: number): Uint8Array {
  const sink = new DataSetSink(bytes.subarray(0, position));
  try {
    inflateStream(
      bytes.subarray(position),
      'raw',
      Number.MAX_SAFE_INTEGER,
      (c) => sink.push(c),
      () => sink.room(),
    );
  } catch (err) {
    if (err instanceof InflateLimitError) throw bomb(err.limit, err.produced, sink.sized);
    throw err;
  }
  return sink.finish();
}
