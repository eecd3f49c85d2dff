import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../decode.ts';
import { ImagingError } from '../errors.ts';
import { decodeJpeg12 } from './jpeg12.ts';

// Synthetic 64×48 12-bit MONOCHROME2 image (no patient data), encoded by DCMTK 3.6.7
// `dcmcjpeg +ee +q 90 +sr` (JPEG Extended, process 4); the .raw file is DCMTK `dcmdjpeg`'s decode
// of the same file, little-endian uint16. See fixtures/README.md.
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const DICOM = fixture('jpeg12Extended64x48.dcm');
const dcmtk = (): Uint16Array => {
  const bytes = fixture('jpeg12Extended64x48.dcmtk.raw');
  return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
};
/** The pixels before compression (the generator's formula). */
const source = (x: number, y: number): number =>
  Math.min(4095, Math.max(0, Math.round(2047 + 1500 * Math.sin(x / 7) * Math.cos(y / 9) + 8 * x)));

/** The JPEG stream inside the fixture (one fragment, after the empty offset table item). */
function jpegStream(): Uint8Array {
  const soi = DICOM.findIndex(
    (b, i) => b === 0xff && DICOM[i + 1] === 0xd8 && DICOM[i + 2] === 0xff,
  );
  let eoi = DICOM.length - 2;
  while (!(DICOM[eoi] === 0xff && DICOM[eoi + 1] === 0xd9)) eoi--;
  return DICOM.subarray(soi, eoi + 2);
}

describe('12-bit JPEG Extended (DICOM 1.2.840.10008.1.2.4.51)', () => {
  it('decodes through decodeImage within ±1 of DCMTK and close to the uncompressed source', async () => {
    const image = await decodeImage(DICOM);
    expect(image.source.transferSyntax?.uid).toBe('1.2.840.10008.1.2.4.51');
    expect([image.width, image.height, image.bitsStored, image.channels]).toEqual([64, 48, 12, 1]);
    const ref = dcmtk();
    let maxVsDcmtk = 0;
    let maxVsSource = 0;
    let sumVsSource = 0;
    for (let i = 0; i < ref.length; i++) {
      const v = image.data[i] ?? NaN;
      maxVsDcmtk = Math.max(maxVsDcmtk, Math.abs(v - (ref[i] ?? NaN)));
      const err = Math.abs(v - source(i % 64, Math.floor(i / 64)));
      maxVsSource = Math.max(maxVsSource, err);
      sumVsSource += err;
    }
    expect(maxVsDcmtk).toBeLessThanOrEqual(1);
    // Lossy at quality 90: DCMTK's own decode is at most 6 levels (of 4095) from the source.
    expect(maxVsSource).toBeLessThanOrEqual(7);
    expect(sumVsSource / ref.length).toBeLessThan(2);
  });

  it('decodes the same stream as a standalone .jpg file', async () => {
    const image = await decodeImage(jpegStream());
    expect([image.source.format, image.bitsStored, image.width, image.height]).toEqual([
      'jpeg',
      12,
      64,
      48,
    ]);
    const ref = dcmtk();
    expect(ref.every((v, i) => Math.abs(v - (image.data[i] ?? NaN)) <= 1)).toBe(true);
  });

  it('refuses 8-bit streams and reports truncated data as an ImagingError', () => {
    const stream = jpegStream();
    expect(decodeJpeg12(stream).data).toHaveLength(64 * 48);
    const eightBit = stream.slice();
    const sof = eightBit.findIndex((b, i) => b === 0xff && eightBit[i + 1] === 0xc1);
    eightBit[sof + 4] = 8;
    expect(() => decodeJpeg12(eightBit)).toThrow(/12-bit sequential/);
    expect(() => decodeJpeg12(stream.subarray(0, 200))).toThrow(ImagingError);
  });
});
