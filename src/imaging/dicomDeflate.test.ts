/**
 * Deflated DICOM (PS3.5 §A.5) is inflated at most to the size its header implies. The bombs are
 * built here from recipes: a header followed by a DEFLATE run of zeros (testing/bombs.ts).
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { DICOM_DEFLATE_LIMITS } from './dicomDeflate.ts';
import { ImagingError } from './errors.ts';
import { zeroBomb } from './testing/bombs.ts';
import {
  dicomFile,
  explicitLittleEndian,
  imagePixelElements,
  u32le,
  type TestElement,
} from './testing/dicomWriter.ts';

const DEFLATED = '1.2.840.10008.1.2.1.99';

/** The Pixel Data element's header only (tag, OW, reserved, 32-bit length), its value to follow. */
function pixelDataHeader(length: number): Uint8Array {
  return Uint8Array.of(0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57, 0, 0, ...u32le(length));
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

function header(rows: number, columns: number, extra: readonly TestElement[] = []): Uint8Array {
  const pixel = imagePixelElements({ rows, columns, bitsAllocated: 16, bitsStored: 12 });
  return explicitLittleEndian([...extra, ...pixel]);
}

async function refusal(bytes: Uint8Array): Promise<ImagingError> {
  const error = await decodeImage(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImagingError)) throw new Error(`expected an ImagingError, got ${error}`);
  expect(error.sentence).not.toMatch(/dicomParser|fflate|Rows|Pixel Data/);
  return error;
}

describe('deflated DICOM is inflated no further than its header implies', () => {
  it('refuses 1.5 × 10⁹ zero pixel bytes behind a 100 × 100 header, having allocated little', async () => {
    const prefix = concat(header(100, 100), pixelDataHeader(1_500_000_000));
    const body = zeroBomb({ prefix, zeros: 1.5e9, format: 'raw' });
    const bytes = dicomFile(DEFLATED, body);
    expect(bytes.length).toBeLessThan(1.6e6);
    const before = process.memoryUsage().arrayBuffers;
    const e = await refusal(bytes);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    expect(e.code).toBe('decompression-bomb');
    expect(e.sentence).toBe(
      'This deflated DICOM file expands to more than its header says the image holds (a decompression bomb), so it was not decoded: export the image again.',
    );
  });

  it('refuses a header whose frames add up past the budget, before allocating them', async () => {
    const frames: TestElement = { tag: [0x0028, 0x0008], vr: 'IS', value: '40' };
    const pixel = imagePixelElements({
      rows: 8000,
      columns: 8000,
      bitsAllocated: 16,
      bitsStored: 16,
    });
    const prefix = concat(
      explicitLittleEndian([...pixel.slice(0, 2), frames, ...pixel.slice(2)]),
      pixelDataHeader(0xfffffffe),
    );
    const bytes = dicomFile(DEFLATED, zeroBomb({ prefix, zeros: 1e6, format: 'raw' }));
    const e = await refusal(bytes);
    expect(e.code).toBe('too-large');
    expect(e.sentence).toMatch(
      /^This deflated DICOM file holds 4.77 GB of pixel data, more than the 1 GB/,
    );
  });

  it('refuses a header that inflates past its budget before any pixel data', async () => {
    const big: TestElement = { tag: [0x0009, 0x0010], vr: 'LO', value: 'PRIVATE' };
    const prefix = concat(
      explicitLittleEndian([big]),
      Uint8Array.of(0x09, 0x00, 0x00, 0x10, 0x4f, 0x42, 0, 0, ...u32le(0xfffffff0)),
    );
    const bytes = dicomFile(DEFLATED, zeroBomb({ prefix, zeros: 200 * 2 ** 20, format: 'raw' }));
    const e = await refusal(bytes);
    expect(e.code).toBe('decompression-bomb');
    expect(e.sentence).toMatch(/expands to more than 64 MB before its pixel data/);
    expect(DICOM_DEFLATE_LIMITS.headerBytes.value).toBe(64 * 2 ** 20);
  });

  it('still decodes a real deflated image behind a 300 KB private element (several probes)', async () => {
    const blob: TestElement = {
      tag: [0x0009, 0x1001],
      vr: 'OB',
      value: new Uint8Array(300_000).fill(3),
    };
    const pixels = new Uint16Array(300 * 200).map((_, i) => i % 4096);
    const body = concat(
      header(200, 300, [blob]),
      pixelDataHeader(pixels.byteLength),
      new Uint8Array(pixels.buffer),
    );
    const image = await decodeImage(dicomFile(DEFLATED, deflateRawSync(body)));
    expect([image.width, image.height]).toEqual([300, 200]);
    expect(Array.from(image.data.subarray(4094, 4098))).toEqual([4094, 4095, 0, 1]);
  });

  it('a stream shorter than its header says is cut short, not a bomb', async () => {
    const body = concat(header(100, 100), pixelDataHeader(20_000), new Uint8Array(5000));
    const e = await refusal(dicomFile(DEFLATED, deflateRawSync(body)));
    expect(e.code).toBe('truncated');
  });
});
