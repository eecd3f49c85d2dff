/**
 * The entry point of the imaging core: bytes in, one DecodedImage out, format found by content.
 *
 * Runs in a Web Worker and in Node: no DOM, no network. Codecs load on first need.
 */
import { ImagingError } from './errors.ts';
import { decodeDicom } from './dicom.ts';
import { decodeJpegImage, decodePngImage } from './raster.ts';
import { sniff } from './sniff.ts';
import type { DecodedImage } from './types.ts';

const UNSUPPORTED_NAMES: Readonly<Record<string, string>> = {
  pdf: 'a PDF document',
  zip: 'a ZIP archive',
  gzip: 'a gzip archive',
  gif: 'a GIF image',
  bmp: 'a BMP image',
  webp: 'a WebP image',
  tiff: 'a TIFF image',
};

/** The first bytes in hex, for a refusal's detail. */
function hex(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Decode a PNG, JPEG or DICOM file.
 * @param input the file's bytes
 * @returns the first frame, with metadata and notes
 * @throws ImagingError with a specific `code` for anything that is not a decodable image
 */
export async function decodeImage(input: ArrayBuffer | Uint8Array): Promise<DecodedImage> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0)
    throw new ImagingError(
      'not-an-image',
      'This file is empty: choose a PNG, JPEG or DICOM image.',
      {
        detail: '0 bytes',
      },
    );
  const { format, dicomPreamble } = sniff(bytes);
  switch (format) {
    case 'png':
      return decodePngImage(bytes);
    case 'jpeg':
      return decodeJpegImage(bytes);
    case 'dicom':
      return decodeDicom(bytes, dicomPreamble ?? true);
    case 'unknown':
      throw new ImagingError(
        'not-an-image',
        'This file is not an image this app can read: choose a PNG, JPEG or DICOM file.',
        { detail: `no PNG or JPEG signature and no "DICM" at byte 128; first bytes ${hex(bytes)}` },
      );
    default:
      throw new ImagingError(
        'unsupported-format',
        `This is ${UNSUPPORTED_NAMES[format] ?? `a ${format} file`}, not an image this app reads: convert it to PNG, JPEG or DICOM.`,
        { detail: `recognised by its signature as ${format}; first bytes ${hex(bytes)}` },
      );
  }
}
