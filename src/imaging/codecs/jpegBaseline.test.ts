/**
 * Valid JPEGs within the pixel limit are decoded, or refused as too large, never called damaged:
 * jpeg-js's memory cap is what the frame needs (its default of 512 MB refused valid JPEGs from about
 * 57 megapixels). The 57- and 100-megapixel decodes themselves are in the benchmark
 * (`npm run bench -- --only hostile`): they take seconds and a gigabyte.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../decode.ts';
import { ImagingError } from '../errors.ts';
import { flatGreyJpeg } from '../testing/flatJpeg.ts';
import { XRAYS_DIR } from '../../test/testData.ts';
import { decodeJpegDct, JPEG_LIMITS, jpegDecodeBytes } from './jpegBaseline.ts';
import { readJpegFrame } from './jpegFrame.ts';

const MIB = 2 ** 20;
const photo = (): Uint8Array =>
  new Uint8Array(readFileSync(path.join(XRAYS_DIR, 'photo_rocket_publicdomain.jpg')));

function thrown(run: () => unknown): ImagingError {
  try {
    run();
  } catch (e) {
    if (e instanceof ImagingError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the 8-bit JPEG decoder and memory', () => {
  it('decodes a flat grey JPEG built from the recipe', async () => {
    const image = await decodeImage(flatGreyJpeg(641, 479));
    expect([image.width, image.height, image.channels]).toEqual([641, 479, 1]);
    expect(image.data.every((v) => v === 128)).toBe(true);
  });

  it.each([
    ['grey', () => flatGreyJpeg(2000, 1500)],
    ['colour, subsampled chroma', photo],
  ])('the estimate covers what jpeg-js asks for (%s), within 2 MB', (_, make) => {
    const bytes = make();
    const needed = jpegDecodeBytes(readJpegFrame(bytes));
    const opts = { useTArray: true, formatAsRGBA: false } as const;
    expect(() => decode(bytes, { ...opts, maxMemoryUsageInMB: needed / MIB })).not.toThrow();
    expect(() => decode(bytes, { ...opts, maxMemoryUsageInMB: (needed - 2 * MIB) / MIB })).toThrow(
      /maxMemoryUsageInMB/,
    );
  });

  it('a decode past its memory is refused as too large, never as damaged', () => {
    const e = thrown(() => decodeJpegDct(flatGreyJpeg(2000, 1500), undefined, 4 * MIB));
    expect(e.code).toBe('too-large');
    expect(e.sentence).toBe(
      'This 2,000 × 1,500 JPEG needs about 26.8 MB of memory to decode, more than this device could give: reduce the image before loading it.',
    );
  });

  it('the budget admits the largest frame the pixel limit allows', () => {
    const frame = { width: 10_000, height: 10_000, sampling: [{ h: 1, v: 1 }] };
    expect(jpegDecodeBytes(frame)).toBeLessThan(JPEG_LIMITS.decodeBytes.value);
    expect(JPEG_LIMITS.decodeBytes.value / 1e9).toBeCloseTo(2.1, 1);
  });

  it('refuses a 1 × 1 frame header followed by a 20,000 × 20,000 one', async () => {
    const small = flatGreyJpeg(1, 1);
    const sof = small.findIndex((b, i) => b === 0xff && small[i + 1] === 0xc0);
    const second = Uint8Array.of(0xff, 0xc0, 0, 11, 8, 0x4e, 0x20, 0x4e, 0x20, 1, 1, 0x11, 0);
    const sos = small.findIndex((b, i) => b === 0xff && small[i + 1] === 0xda);
    const bytes = new Uint8Array([...small.subarray(0, sos), ...second, ...small.subarray(sos)]);
    expect(sof).toBeGreaterThan(0);
    const e = await decodeImage(bytes).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ImagingError);
    expect((e as ImagingError).code).toBe('corrupt');
    expect((e as ImagingError).sentence).toMatch(/has two frame headers/);
  });
});
