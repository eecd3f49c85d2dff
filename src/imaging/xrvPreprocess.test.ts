import { describe, expect, it } from 'vitest';
import { skimageResize } from './skimageResize.ts';
import type { DecodedImage } from './types.ts';
import { toXrvInput, xrvCenterCrop, xrvScale } from './xrvPreprocess.ts';

const image = (over: Partial<DecodedImage> & Pick<DecodedImage, 'data'>): DecodedImage => ({
  width: 2,
  height: 1,
  channels: 1,
  bitsStored: 8,
  photometric: 'MONOCHROME2',
  source: { format: 'png', identifying: [] },
  notes: [],
  ...over,
});

describe("TorchXRayVision's scaling", () => {
  it('maps 0 and the bit depth maximum to -1024 and 1024', () => {
    expect([...xrvScale(image({ data: Uint8Array.from([0, 255]) })).data]).toEqual([-1024, 1024]);
    const twelve = image({ data: Uint16Array.from([0, 4095]), bitsStored: 12 });
    expect([...xrvScale(twelve).data]).toEqual([-1024, 1024]);
  });

  it('inverts MONOCHROME1 and masks bits above Bits Stored', () => {
    const mono1 = image({
      data: Uint16Array.from([0, 0xf3ff]),
      bitsStored: 10,
      photometric: 'MONOCHROME1',
    });
    expect([...xrvScale(mono1).data]).toEqual([1024, -1024]);
  });

  it('takes the first channel of a colour image (img[:, :, 0]), not a luma mix', () => {
    const rgb = image({
      data: Uint8Array.from([255, 0, 0, 0, 255, 255]),
      channels: 3,
      photometric: 'RGB',
    });
    expect([...xrvScale(rgb).data]).toEqual([1024, -1024]);
  });

  it('rounds to float32 at every NumPy step: (2 * (x / 255) - 1) * 1024', () => {
    const v = xrvScale(image({ data: Uint8Array.from([77, 128]) })).data;
    const f = Math.fround;
    expect(v[0]).toBe(f(f(2 * f(77 / 255) - 1) * 1024));
    expect(v[1]).toBe(f(f(2 * f(128 / 255) - 1) * 1024));
  });
});

describe('XRayCenterCrop and the whole pipeline', () => {
  it('crops the centred square with start = dim // 2 - side // 2', () => {
    const img = { width: 5, height: 2, data: Float32Array.from({ length: 10 }, (_, i) => i) };
    const { crop, x, y } = xrvCenterCrop(img);
    expect([x, y, crop.width]).toEqual([1, 0, 2]); // 5 // 2 - 2 // 2 = 1
    expect([...crop.data]).toEqual([1, 2, 6, 7]);
  });

  it('gives a 1-channel input of the model size and the crop in source pixels', () => {
    const data = new Uint8Array(300 * 200).fill(128);
    const { input, crop } = toXrvInput(image({ data, width: 300, height: 200 }), 64);
    expect(input.shape).toEqual([1, 64, 64, 1]);
    expect(crop).toEqual({ x: 50, y: 0, width: 200, height: 200 });
  });
});

describe('toXrvInput scales only the crop', () => {
  const f32 = Math.fround;
  it.each([
    ['12-bit MONOCHROME1 with high bits set', 37, 29, 1, 12, 'MONOCHROME1', 'u16'],
    ['8-bit RGB', 30, 41, 3, 8, 'RGB', 'u8'],
    ['float samples', 23, 23, 1, 16, 'MONOCHROME2', 'f32'],
  ] as const)('%s: the same numbers as crop(scale(image))', (_l, w, h, ch, bits, photo, kind) => {
    const n = w * h * ch;
    const raw = Array.from({ length: n }, (_, i) => ((i * 2654435761) >>> 7) % 2 ** 20);
    const data =
      kind === 'u8'
        ? Uint8Array.from(raw)
        : kind === 'u16'
          ? Uint16Array.from(raw)
          : Float32Array.from(raw, (v) => f32((v % 70000) - 1000));
    const img = image({ data, width: w, height: h, channels: ch, bitsStored: bits });
    const typed = { ...img, photometric: photo } as DecodedImage;
    const { crop } = xrvCenterCrop(xrvScale(typed));
    const want = skimageResize(crop, 16, 16).data;
    expect(toXrvInput(typed, 16).input.data).toEqual(want);
    // the scale itself, sample by sample, against the formula
    const maxval = 2 ** bits - 1;
    const scaled = xrvScale(typed).data;
    for (let p = 0; p < w * h; p++) {
      const s = data[p * ch] ?? 0;
      let v = kind === 'f32' ? Math.min(maxval, Math.max(0, s)) : s & maxval;
      if (photo === 'MONOCHROME1') v = maxval - v;
      expect(scaled[p]).toBe(f32(f32(2 * f32(v / maxval) - 1) * 1024));
    }
  });
});
