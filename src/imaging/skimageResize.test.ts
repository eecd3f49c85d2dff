import { describe, expect, it } from 'vitest';
import { readTorchFixtureJson } from '../test/torchFixtures.ts';
import { uniform } from '../zoo/weights/synthetic.ts';
import { skimageResize } from './skimageResize.ts';

interface Case {
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly seed: string;
  readonly values: readonly number[];
}
const REF = readTorchFixtureJson<{ skimage: string; cases: Case[] }>('skimage_resize.json');

describe(`scikit-image ${REF.skimage} resize (mode constant, preserve_range, anti-aliased)`, () => {
  it.each(
    REF.cases.map((c) => [`${c.height}x${c.width} -> ${c.outHeight}x${c.outWidth}`, c] as const),
  )('%s matches to float32 rounding', (_label, c) => {
    const data = Float32Array.from(uniform(c.seed, c.height * c.width), (u) => (u * 2 - 1) * 1024);
    const out = skimageResize({ width: c.width, height: c.height, data }, c.outWidth, c.outHeight);
    expect(out.data).toHaveLength(c.values.length);
    const err = c.values.reduce((m, v, i) => Math.max(m, Math.abs((out.data[i] ?? NaN) - v)), 0);
    // 8 significant digits in the fixture; the input range is [-1024, 1024]
    expect(err).toBeLessThan(2e-4);
  });

  it('keeps a constant image constant: the darkened border is clipped to the input range', () => {
    const data = new Float32Array(40 * 40).fill(100);
    const out = skimageResize({ width: 40, height: 40, data }, 10, 10);
    expect(new Set(out.data)).toEqual(new Set([100]));
  });
});
