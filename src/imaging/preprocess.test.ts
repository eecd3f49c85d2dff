import { describe, expect, it } from 'vitest';
import { centerCrop, resizeShorterSide, thumbnail, toModelInput } from './preprocess.ts';
import { resize } from './resample.ts';
import type { GreyImage } from './types.ts';

const IMAGENET = {
  inputSize: 224,
  resizeSize: 256,
  interpolation: 'bicubic',
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
} as const;

function grey(width: number, height: number, f: (x: number, y: number) => number): GreyImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
}

describe('centerCrop', () => {
  it('takes the central window of a gradient (torchvision offsets)', () => {
    // value = x + 100·y identifies every pixel.
    const img = grey(10, 7, (x, y) => x + 100 * y);
    const crop = centerCrop(img, 4);
    // top = round((7 − 4) / 2) = round(1.5) = 2 (half to even), left = round(3) = 3
    expect(crop.data[0]).toBe(3 + 200);
    expect(crop.data[3]).toBe(6 + 200);
    expect(crop.data[15]).toBe(6 + 500);
  });

  it('rounds a half offset to the even neighbour like Python', () => {
    const img = grey(5, 4, (x) => x); // left = round(0.5) = 0
    expect(centerCrop(img, 4).data[0]).toBe(0);
    const img2 = grey(7, 4, (x) => x); // left = round(1.5) = 2
    expect(centerCrop(img2, 4).data[0]).toBe(2);
  });

  it('refuses a crop larger than the image', () => {
    expect(() =>
      centerCrop(
        grey(3, 3, () => 0),
        4,
      ),
    ).toThrow(RangeError);
  });
});

describe('resizeShorterSide', () => {
  it('keeps the aspect ratio, truncating the longer side', () => {
    const r = resizeShorterSide(
      grey(640, 427, () => 0.5),
      256,
      'bilinear',
    );
    expect([r.width, r.height]).toEqual([Math.floor((256 * 640) / 427), 256]);
    const p = resizeShorterSide(
      grey(640, 691, () => 0.5),
      256,
      'bicubic',
    );
    expect([p.width, p.height]).toEqual([256, Math.floor((256 * 691) / 640)]);
  });

  it('preserves a constant image and the mean of a gradient', () => {
    const flat = resizeShorterSide(
      grey(100, 100, () => 0.25),
      37,
      'bicubic',
    );
    for (const v of flat.data) expect(v).toBeCloseTo(0.25, 5);
    const ramp = resize(
      grey(400, 4, (x) => x / 399),
      100,
      4,
      'bilinear',
    );
    const mean = ramp.data.reduce((a, b) => a + b, 0) / ramp.data.length;
    expect(mean).toBeCloseTo(0.5, 2);
    // Monotone in x, first and last near the ends.
    for (let x = 1; x < 100; x++) expect(ramp.data[x] ?? 0).toBeGreaterThan(ramp.data[x - 1] ?? 0);
  });

  it('averages away a 1-pixel checkerboard when shrinking 8× (no aliasing)', () => {
    const checker = grey(256, 256, (x, y) => (x + y) % 2);
    for (const kernel of ['box', 'bilinear', 'bicubic'] as const) {
      const small = resize(checker, 32, 32, kernel);
      for (const v of small.data) expect(Math.abs(v - 0.5)).toBeLessThan(0.02);
    }
  });

  it('box downscaling by an integer factor is the exact block mean', () => {
    const img = grey(4, 2, (x, y) => x + 4 * y);
    const small = resize(img, 2, 1, 'box');
    expect(Array.from(small.data)).toEqual([(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4]);
  });
});

describe('toModelInput', () => {
  it('has NHWC shape and normalises each channel with its mean/std', () => {
    const input = toModelInput(
      grey(300, 400, () => 0.5),
      IMAGENET,
    );
    expect(input.shape).toEqual([1, 224, 224, 3]);
    expect(input.data.length).toBe(224 * 224 * 3);
    expect(input.data[0]).toBeCloseTo((0.5 - 0.485) / 0.229, 5);
    expect(input.data[1]).toBeCloseTo((0.5 - 0.456) / 0.224, 5);
    expect(input.data[2]).toBeCloseTo((0.5 - 0.406) / 0.225, 5);
    expect(input.data[224 * 224 * 3 - 1]).toBeCloseTo((0.5 - 0.406) / 0.225, 5);
  });

  it('Inception normalisation maps [0, 1] to [−1, 1]', () => {
    const spec = {
      ...IMAGENET,
      inputSize: 2,
      resizeSize: 2,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
    } as const;
    const input = toModelInput(
      grey(2, 2, (x) => x),
      spec,
    );
    expect(Array.from(input.data)).toEqual([-1, -1, -1, 1, 1, 1, -1, -1, -1, 1, 1, 1]);
  });

  it('crops the centre: a left-to-right ramp stays a ramp centred on 0.5', () => {
    const input = toModelInput(
      grey(512, 256, (x) => x / 511),
      {
        ...IMAGENET,
        mean: [0, 0, 0],
        std: [1, 1, 1],
      },
    );
    // 512×256 → resize to 512×256 (already 256 on the short side) → crop columns 144..367.
    const row = (x: number): number => input.data[(112 * 224 + x) * 3] ?? NaN;
    expect(row(0)).toBeCloseTo(144 / 511, 5);
    expect(row(223)).toBeCloseTo(367 / 511, 5);
  });

  it('1024×1024 to 224×224 takes milliseconds, not seconds', () => {
    const img = grey(1024, 1024, (x, y) => ((x * y) % 255) / 255);
    toModelInput(img, IMAGENET); // warm-up (JIT)
    const start = performance.now();
    toModelInput(img, IMAGENET);
    const ms = performance.now() - start;
    console.log(`preprocess 1024² → 224² bicubic: ${ms.toFixed(1)} ms`);
    // Generous bound: 2 shared CPU cores in CI.
    expect(ms).toBeLessThan(250);
  });
});

describe('thumbnail', () => {
  it('fits the longest side and quantises to 8 bits', () => {
    const t = thumbnail(
      grey(1000, 500, () => 0.5),
      100,
    );
    expect([t.width, t.height]).toEqual([100, 50]);
    expect(t.data.every((v) => v === 128)).toBe(true);
  });

  it('never enlarges', () => {
    const t = thumbnail(
      grey(20, 10, () => 1),
      100,
    );
    expect([t.width, t.height]).toEqual([20, 10]);
    expect(t.data[0]).toBe(255);
  });
});
