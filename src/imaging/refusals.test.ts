/**
 * Bad input gets a refusal in the one style (src/refusal): a plain sentence without library
 * internals, the detail after it; the size limit is checked from crafted headers before any
 * decoder allocates; truncation is called truncation wherever the file was cut.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { dicomParser } from './dicomParserLib.ts';
import { ImagingError } from './errors.ts';
import { checkPixelLimit, MAX_PIXELS } from './limits.ts';
import { imagePixelElements, writeDicom } from './testing/dicomWriter.ts';
import { rleFrame } from './testing/packBits.ts';
import { XRAYS_DIR } from '../test/testData.ts';

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(XRAYS_DIR, name)));
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** Library and parser names that belong in the detail, never in the sentence. */
const INTERNALS =
  /dicomParser|ByteStream|byteArray|fast-png|jpeg-js|OpenJPEG|daikon|IHDR|SOF\d|\([^)]*\)\.$/;

async function refusal(bytes: Uint8Array): Promise<ImagingError> {
  const error = await decodeImage(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImagingError)) throw new Error(`expected an ImagingError, got ${error}`);
  expect(error.kind).toBe('bad-input');
  expect(error.sentence).toMatch(/^[A-Z0-9].*\.$/); // one sentence, ending with a full stop
  expect(error.sentence).not.toMatch(INTERNALS);
  return error;
}

/** Writes a big-endian u32 at `at`. */
function setU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value);
}

/** A real 4 × 4 PNG whose IHDR (and its CRC, so only the size is wrong) claims width × height. */
function pngClaiming(width: number, height: number): Uint8Array {
  const png = encodePng({ width: 4, height: 4, data: new Uint8Array(16), channels: 1, depth: 8 });
  setU32(png, 16, width);
  setU32(png, 20, height);
  setU32(png, 29, crc32(png.subarray(12, 29))); // PNG §5.3: CRC over chunk type and data
  return png;
}

/** Patches the first SOFn (`marker`) frame header's height and width (T.81 §B.2.2). */
function withSofSize(bytes: Uint8Array, marker: number, width: number, height: number) {
  const out = bytes.slice();
  const at = out.findIndex((b, i) => b === 0xff && out[i + 1] === marker);
  if (at < 0) throw new Error('no SOF');
  out.set([height >> 8, height & 0xff, width >> 8, width & 0xff], at + 5);
  return out;
}

const OVER = "60,000 × 60,000 pixels (3.6 gigapixels) is over this app's 100-megapixel limit";

/** The limit is checked before allocation: decoding a 3.6-gigapixel claim allocates nothing big. */
async function expectTooLarge(bytes: Uint8Array, where: RegExp): Promise<void> {
  const before = process.memoryUsage().arrayBuffers;
  const error = await refusal(bytes);
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  expect(error.code).toBe('too-large');
  expect(error.sentence).toBe(`${OVER}: reduce the image before loading it.`);
  expect(error.detail).toMatch(where);
  expect(error.detail).toMatch(/limit 100,000,000 pixels per frame, checked before decoding/);
}

describe('the 100-megapixel limit, from crafted headers, before any decoder allocates', () => {
  it('is inclusive at 100 megapixels and names the size above it', () => {
    expect(MAX_PIXELS).toBe(100_000_000);
    expect(() => checkPixelLimit(10_000, 10_000, 'test')).not.toThrow();
    expect(() => checkPixelLimit(10_001, 10_000, 'test')).toThrow(
      "10,001 × 10,000 pixels (100.01 megapixels) is over this app's 100-megapixel limit",
    );
    expect(() => checkPixelLimit(0, 10, 'test')).toThrow(/has no size in its header/);
  });

  it('PNG: a valid file whose IHDR says 60,000 × 60,000', async () => {
    await expectTooLarge(pngClaiming(60_000, 60_000), /^PNG IHDR: width 60000, height 60000/);
  });

  it('JPEG baseline: a real photo whose SOF0 says 60,000 × 60,000', async () => {
    const jpeg = withSofSize(read('photo_rocket_publicdomain.jpg'), 0xc0, 60_000, 60_000);
    await expectTooLarge(jpeg, /^JPEG SOF0: width 60000, height 60000/);
  });

  it('DICOM: Rows and Columns of 60,000 (the pixel data is never read)', async () => {
    const elements = imagePixelElements({
      rows: 60_000,
      columns: 60_000,
      bitsAllocated: 16,
      bitsStored: 12,
    });
    const bytes = writeDicom(
      [...elements, { tag: [0x7fe0, 0x0010], vr: 'OW', value: new Uint8Array(8) }],
      { transferSyntax: '1.2.840.10008.1.2.1' },
    );
    await expectTooLarge(bytes, /^DICOM Columns \(0028,0011\) × Rows \(0028,0010\)/);
  });

  it('DICOM RLE: the header is checked before the RLE buffers are made', async () => {
    const elements = imagePixelElements({
      rows: 60_000,
      columns: 60_000,
      bitsAllocated: 8,
      bitsStored: 8,
    });
    const frame = rleFrame([1, 2, 3, 4], 1, 1);
    const bytes = writeDicom(elements, {
      transferSyntax: '1.2.840.10008.1.2.5',
      fragments: [frame],
    });
    await expectTooLarge(bytes, /^DICOM Columns/);
  });

  it('DICOM JPEG 2000: a codestream whose SIZ says more than the header', async () => {
    const mr = read('nema_MR2_mr_j2k.dcm');
    const ds = dicomParser.parseDicom(mr);
    const el = ds.elements['x7fe00010'];
    if (!el) throw new Error('the MR has pixel data');
    const codestream = dicomParser
      .readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments?.length ?? 0)
      .slice();
    const siz = codestream.findIndex((b, i) => b === 0xff && codestream[i + 1] === 0x51);
    setU32(codestream, siz + 6, 60_000); // Xsiz (XOsiz is 0)
    setU32(codestream, siz + 10, 60_000); // Ysiz
    const padded = codestream.length % 2 === 0 ? codestream : Uint8Array.from([...codestream, 0]);
    const elements = imagePixelElements({
      rows: 512,
      columns: 512,
      bitsAllocated: 16,
      bitsStored: 12,
    });
    const bytes = writeDicom(elements, {
      transferSyntax: '1.2.840.10008.1.2.4.90',
      fragments: [padded],
    });
    await expectTooLarge(bytes, /^JPEG 2000 SIZ/);
  });

  it('DICOM 12-bit JPEG and JPEG lossless: a frame header that says more than the DICOM header', async () => {
    const jpeg12 = withSofSize(fixture('jpeg12Extended64x48.dcm'), 0xc1, 60_000, 60_000);
    await expectTooLarge(jpeg12, /^JPEG SOF1: width 60000/);
    const lossless = withSofSize(
      read('nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm'),
      0xc3,
      60_000,
      60_000,
    );
    await expectTooLarge(lossless, /^JPEG SOF3: width 60000/);
  });
});

describe('truncation is called truncation, in plain words', () => {
  const DX = 'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm';
  const pixelDataAt = (): number => {
    const el = dicomParser.parseDicom(read(DX)).elements['x7fe00010'];
    if (!el) throw new Error('the DX has pixel data');
    return el.dataOffset - 8; // the element's tag, VR and length come first
  };

  it('a header-only DICOM (cut just before Pixel Data) ends early, it is not "no image"', async () => {
    const error = await refusal(read(DX).slice(0, pixelDataAt()));
    expect(error.code).toBe('truncated');
    expect(error.sentence).toBe(
      'This DICOM file ends before its pixel data: the header describes a 1024 × 1024 image but the file stops there, so copy or export it again in full.',
    );
  });

  it.each([
    ['inside the file meta group', 200],
    ['inside the data set (a dicomParser ByteStream error)', 300],
    ['inside an element', 500],
  ])('a DICOM cut %s ends before its header is complete', async (_where, cut) => {
    const error = await refusal(read(DX).slice(0, cut));
    expect(error.code).toBe('truncated');
    expect(error.sentence).toBe(
      'This DICOM file ends before its header is complete: it was cut short, so copy or export it again in full.',
    );
    expect(error.detail).toMatch(/^dicomParser/); // the library's words stay in the detail
  });

  it('a half-truncated DICOM ends early too (its pixel data is cut)', async () => {
    const bytes = read(DX);
    const error = await refusal(bytes.slice(0, bytes.length >> 1));
    expect(error.code).toBe('truncated');
    expect(error.sentence).toMatch(/^This DICOM file ends early: it was cut short/);
    expect(error.detail).toMatch(
      /Pixel Data \(7FE0,0010\) holds \d+ bytes, the first frame needs 1048576/,
    );
  });

  const FILES = [
    'nih_00000002_000.png',
    'photo_rocket_publicdomain.jpg',
    DX,
    'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm',
    'nema_MR2_mr_j2k.dcm',
    'nema_RG3_cr_tibia_mono1_j2k.dcm',
    'pydicom_reportsi_sr_nopixels.dcm',
  ];
  it.each(FILES)(
    '%s cut anywhere from 5 to 95 percent: always "truncated", in plain words',
    async (file) => {
      const bytes = read(file);
      for (const share of [0.05, 0.2, 0.4, 0.6, 0.8, 0.95]) {
        const error = await refusal(bytes.slice(0, Math.floor(bytes.length * share)));
        expect([share, error.code]).toEqual([share, 'truncated']);
        expect(error.detail).not.toBe('');
      }
    },
  );
});
