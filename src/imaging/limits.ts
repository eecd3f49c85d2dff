/**
 * The size limit every decoder checks against the dimensions in the file's header, before it
 * allocates a single pixel: a 60,000 × 60,000 PNG (a "decompression bomb") would otherwise ask
 * for gigabytes. Chest radiographs are at most about 4,300 × 4,300 (43 cm at 0.1 mm pixels,
 * 18.5 megapixels); 100 megapixels leaves room for any real radiograph and keeps one decoded
 * 16-bit frame plus its float grey copy under 600 MB.
 *
 * Only the first frame of a multi-frame file is ever decoded, so the limit applies per frame.
 */
import { ImagingError } from './errors.ts';

/** Most pixels (width × height) of one decoded frame. */
export const MAX_PIXELS = 100_000_000;

const count = (n: number): string => n.toLocaleString('en-US');

/** "3.6 gigapixels", "108 megapixels", "100.01 megapixels" (never rounded down to the limit). */
function magnitude(pixels: number): string {
  if (pixels >= 1e9) return `${Number((pixels / 1e9).toFixed(2))} gigapixels`;
  return `${Number((pixels / 1e6).toFixed(2))} megapixels`;
}

/**
 * Refuse dimensions over the limit (and zero or non-integer ones) before any decoding.
 * @param width pixels per row, from the header
 * @param height rows, from the header
 * @param where the header field the numbers come from, for the detail (e.g. "PNG IHDR")
 * @throws ImagingError 'too-large' over MAX_PIXELS, 'corrupt' for an empty or impossible size
 */
export function checkPixelLimit(width: number, height: number, where: string): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new ImagingError(
      'corrupt',
      'This image has no size in its header (0 rows or columns), so there is nothing to show.',
      { detail: `${where}: width ${width}, height ${height}` },
    );
  }
  const pixels = width * height;
  if (pixels <= MAX_PIXELS) return;
  throw new ImagingError(
    'too-large',
    `${count(width)} × ${count(height)} pixels (${magnitude(pixels)}) is over this app's ${MAX_PIXELS / 1e6}-megapixel limit: reduce the image before loading it.`,
    {
      detail: `${where}: width ${width}, height ${height}; limit ${count(MAX_PIXELS)} pixels per frame, checked before decoding`,
    },
  );
}
