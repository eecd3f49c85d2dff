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

/**
 * Decode a PNG, JPEG or DICOM file.
 * @param input the file's bytes
 * @returns the first frame, with metadata and notes
 * @throws ImagingError with a specific `code` for anything that is not a decodable image
 */
export async function decodeImage(input: ArrayBuffer | Uint8Array): Promise<DecodedImage> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) throw new ImagingError('not-an-image', 'The file is empty');
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
        'Not a recognised image: expected PNG, JPEG or DICOM (DICM at byte 128)',
      );
    default:
      throw new ImagingError(
        'unsupported-format',
        `Unsupported image format: this looks like ${UNSUPPORTED_NAMES[format] ?? format}; use PNG, JPEG or DICOM`,
      );
  }
}
