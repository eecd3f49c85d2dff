/**
 * A DICOM file into a DecodedImage: header (dicomHeader.ts), first frame (dicomPixels.ts), then
 * colour layout per PS3.3 C.7.6.3.1 (planar configuration, YBR_FULL → RGB).
 */
import type { DicomHeader } from './dicomHeader.ts';
import { parseDataSet, readHeader } from './dicomHeader.ts';
import { readFirstFrame } from './dicomPixels.ts';
import type { FrameSamples } from './dicomPixels.ts';
import { corruptError, ImagingError } from './errors.ts';
import { checkPixelLimit } from './limits.ts';
import type { DecodedImage, ImageSource, Photometric } from './types.ts';

const GREY = new Set(['MONOCHROME1', 'MONOCHROME2']);
// Colour interpretations whose samples are RGB once a codec has done its inverse transform.
const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_RCT', 'YBR_ICT']);

/** Refuses what the decoders cannot or must not decode, before any pixel is allocated. */
function validateLayout(h: DicomHeader): void {
  checkPixelLimit(h.columns, h.rows, 'DICOM Columns (0028,0011) × Rows (0028,0010)');
  if (h.bitsAllocated !== 8 && h.bitsAllocated !== 16) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      `This DICOM image stores ${h.bitsAllocated} bits per sample; only 8- and 16-bit images can be read.`,
      { detail: `Bits Allocated (0028,0100) = ${h.bitsAllocated}` },
    );
  }
  if (h.bitsStored < 1 || h.bitsStored > h.bitsAllocated) {
    throw corruptError(
      'DICOM file',
      `Bits Stored (0028,0101) = ${h.bitsStored} does not fit Bits Allocated (0028,0100) = ${h.bitsAllocated}`,
    );
  }
  const grey = h.samplesPerPixel === 1 && GREY.has(h.photometric);
  const colour = h.samplesPerPixel === 3 && COLOUR.has(h.photometric);
  if (!grey && !colour) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      `This DICOM image's colour layout (${h.photometric}) cannot be read; export it as grey (MONOCHROME2) or RGB.`,
      {
        detail: `Photometric Interpretation (0028,0004) = ${h.photometric}, Samples per Pixel (0028,0002) = ${h.samplesPerPixel}`,
      },
    );
  }
}

/** PS3.3 C.7.6.3.1.3: Planar Configuration 1 stores RRR…GGG…BBB…; make it RGBRGB…. */
function interleave<T extends FrameSamples['data']>(data: T, pixels: number): T {
  const out = data.slice() as T;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = data[c * pixels + p] ?? 0;
  }
  return out;
}

/** PS3.3 C.7.6.3.1.2 YBR_FULL (8-bit, full range) to RGB, in place. */
function ybrFullToRgb(data: Uint8Array): void {
  for (let i = 0; i + 2 < data.length; i += 3) {
    const y = data[i] ?? 0;
    const cb = (data[i + 1] ?? 0) - 128;
    const cr = (data[i + 2] ?? 0) - 128;
    data[i] = Math.min(255, Math.max(0, Math.round(y + 1.402 * cr)));
    data[i + 1] = Math.min(255, Math.max(0, Math.round(y - 0.344136 * cb - 0.714136 * cr)));
    data[i + 2] = Math.min(255, Math.max(0, Math.round(y + 1.772 * cb)));
  }
}

function toRgb(samples: FrameSamples, h: DicomHeader, notes: string[]): FrameSamples['data'] {
  let data = samples.data;
  const pixels = h.rows * h.columns;
  if (!samples.colourConverted && h.planarConfiguration === 1) data = interleave(data, pixels);
  if (!samples.colourConverted && h.photometric !== 'RGB') {
    if (!(data instanceof Uint8Array) || h.photometric !== 'YBR_FULL') {
      throw new ImagingError(
        'unsupported-pixel-layout',
        `This DICOM image's colour layout (${h.photometric}, ${h.bitsAllocated}-bit) cannot be read; export it as grey or RGB.`,
        { detail: `uncompressed ${h.photometric} with Bits Allocated ${h.bitsAllocated}` },
      );
    }
    ybrFullToRgb(data);
    notes.push('YBR_FULL converted to RGB (PS3.3 C.7.6.3.1.2)');
  }
  return data;
}

/** Keep only the keys whose value is defined (exactOptionalPropertyTypes forbids `key: undefined`). */
function definedOnly<T extends object>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function sourceOf(h: DicomHeader): ImageSource {
  return {
    format: 'dicom',
    transferSyntax: { uid: h.transferSyntaxUid, name: h.transferSyntaxName },
    ...definedOnly({
      modality: h.modality,
      sopClassUid: h.sopClassUid,
      bodyPartExamined: h.bodyPartExamined,
      viewPosition: h.viewPosition,
      studyDescription: h.studyDescription,
      rescale: h.rescale,
      window: h.window,
    }),
    bitsAllocated: h.bitsAllocated,
    frames: h.frames,
    signed: h.signed,
    identifying: h.identifying,
  };
}

/**
 * Decode the first frame of a DICOM file.
 * @param bytes the file
 * @param hasPreamble false for a preamble-less stream (see sniff.ts)
 * @returns the image with its DICOM metadata in `source`
 */
export async function decodeDicom(bytes: Uint8Array, hasPreamble: boolean): Promise<DecodedImage> {
  const ds = parseDataSet(bytes, hasPreamble);
  const h = readHeader(ds);
  validateLayout(h);
  const samples = await readFirstFrame(ds, h);
  const notes: string[] = [];
  if (h.frames > 1) notes.push(`multi-frame image: showing frame 1 of ${h.frames}`);
  if (h.photometric === 'MONOCHROME1' && h.samplesPerPixel === 1)
    notes.push(
      'shown and analysed inverted: the Photometric Interpretation tag says MONOCHROME1 (lowest value is white)',
    );
  const colour = h.samplesPerPixel === 3;
  const data = colour ? toRgb(samples, h, notes) : samples.data;
  return {
    width: h.columns,
    height: h.rows,
    channels: colour ? 3 : 1,
    bitsStored: h.bitsStored,
    data,
    photometric: (colour ? 'RGB' : h.photometric) as Photometric,
    source: sourceOf(h),
    notes,
  };
}
