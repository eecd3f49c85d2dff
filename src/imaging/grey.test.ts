import { describe, expect, it } from 'vitest';
import { modalityValues, quantiles, resolveWindow, toGreyFloat, voiLinear } from './grey.ts';
import type { DecodedImage, ImageSource, PixelArray } from './types.ts';

function image(
  data: PixelArray,
  opts: { bits?: number; pi?: DecodedImage['photometric']; source?: Partial<ImageSource> } = {},
): DecodedImage {
  const channels = opts.pi === 'RGB' ? 3 : 1;
  return {
    width: data.length / channels,
    height: 1,
    channels,
    bitsStored: opts.bits ?? 8,
    data,
    photometric: opts.pi ?? 'MONOCHROME2',
    source: { format: 'dicom', identifying: [], ...opts.source },
    notes: [],
  };
}

const close = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(Array.from(actual).map((v) => Number(v.toFixed(5)))).toEqual(expected);
};

describe('voiLinear (PS3.3 C.11.2.1.2.1)', () => {
  it('matches the standard at the edges and centre', () => {
    const w = { center: 100, width: 201 };
    // Edges: x <= c - 0.5 - (w-1)/2 = -0.5 → 0; x > c - 0.5 + (w-1)/2 = 199.5 → 1.
    expect(voiLinear(-0.5, w)).toBe(0);
    expect(voiLinear(-0.4, w)).toBeCloseTo(0.0005, 6);
    expect(voiLinear(99.5, w)).toBeCloseTo(0.5, 10);
    expect(voiLinear(199.5, w)).toBeCloseTo(1, 10);
    expect(voiLinear(1000, w)).toBe(1);
  });

  it('width 1 is a threshold at the centre', () => {
    const w = { center: 10, width: 1 };
    expect(voiLinear(9.5, w)).toBe(0);
    expect(voiLinear(9.6, w)).toBe(1);
  });
});

describe('modalityValues', () => {
  it('applies Rescale Slope and Intercept', () => {
    const img = image(new Uint16Array([0, 10, 1000]), {
      bits: 12,
      source: { rescale: { slope: 2, intercept: -1024 } },
    });
    close(modalityValues(img), [-1024, -1004, 976]);
  });

  it('masks bits above Bits Stored', () => {
    // 0xF00A: overlay/garbage in the top 4 bits of a 12-bit sample.
    close(modalityValues(image(new Uint16Array([0xf00a, 0x0fff]), { bits: 12 })), [10, 4095]);
  });

  it('sign-extends within Bits Stored when Pixel Representation is 1', () => {
    // 12-bit two's complement: 0xFFF = −1, 0x800 = −2048, 0x7FF = 2047.
    const img = image(new Uint16Array([0xfff, 0x800, 0x7ff]), {
      bits: 12,
      source: { signed: true },
    });
    close(modalityValues(img), [-1, -2048, 2047]);
    // Already sign-extended by a codec into an Int16Array: same values.
    const ext = image(new Int16Array([-1, -2048, 2047]), { bits: 12, source: { signed: true } });
    close(modalityValues(ext), [-1, -2048, 2047]);
  });

  it('takes BT.601 luma of RGB', () => {
    const img = image(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 10, 10]), { pi: 'RGB' });
    close(modalityValues(img), [76.245, 149.685, 29.07, 10]);
  });
});

describe('toGreyFloat', () => {
  it('applies the file window after rescale', () => {
    // Stored 0..4 → −10..30 with slope 10, intercept −10; window centre 15, width 41:
    // below −5.5 → 0, else (x − 14.5) / 40 + 0.5.
    const img = image(new Uint16Array([0, 1, 2, 3, 4]), {
      bits: 12,
      source: { rescale: { slope: 10, intercept: -10 }, window: { center: 15, width: 41 } },
    });
    close(toGreyFloat(img).data, [0, 0.1375, 0.3875, 0.6375, 0.8875]);
  });

  it('an explicit window overrides the file one', () => {
    const img = image(new Uint8Array([0, 50, 100]), {
      source: { window: { center: 0, width: 2 } },
    });
    close(toGreyFloat(img, { center: 50.5, width: 101 }).data, [0, 0.5, 1]);
  });

  it('inverts MONOCHROME1 after windowing (minimum is white)', () => {
    const img = image(new Uint16Array([0, 512, 1023]), { bits: 10, pi: 'MONOCHROME1' });
    const grey = toGreyFloat(img, 'full-range').data;
    close(grey, [1, 0.49951, 0]);
  });

  it('8-bit PNG/JPEG and unrescaled 8-bit DICOM keep their full range by default', () => {
    const png = image(new Uint8Array([0, 51, 255]), { source: { format: 'png' } });
    close(toGreyFloat(png).data, [0, 0.2, 1]);
    const dcm = image(new Uint8Array([0, 51, 255]));
    close(toGreyFloat(dcm).data, [0, 0.2, 1]);
  });

  it('16-bit DICOM without a window uses the robust 0.5–99.5 % percentiles', () => {
    // 1000 samples 1000..1999 plus two outliers that must not set the contrast.
    const values = new Uint16Array(1002);
    for (let i = 0; i < 1000; i++) values[i] = 1000 + i;
    values[1000] = 0;
    values[1001] = 65535;
    const img = image(values, { bits: 16 });
    const [lo, hi] = resolveWindow(img, 'auto', modalityValues(img)) as [number, number];
    expect(lo).toBeGreaterThan(990);
    expect(lo).toBeLessThan(1030);
    expect(hi).toBeGreaterThan(1960);
    expect(hi).toBeLessThan(2010);
    const grey = toGreyFloat(img).data;
    expect(grey[1000]).toBe(0);
    expect(grey[1001]).toBe(1);
    expect(grey[500]).toBeCloseTo(0.5, 1);
  });

  it('more than 8 bits without a window: every container gets the same percentile window', () => {
    // 15 bits used of a 16-bit container (values 6,341–31,926): never windowed over 0–65,535.
    const values = new Uint16Array(1000);
    for (let i = 0; i < values.length; i++) values[i] = 6341 + Math.round((i * 25585) / 999);
    const windows = (['png', 'jpeg', 'dicom'] as const).map((format) => {
      const img = image(values, { bits: 15, source: { format } });
      return resolveWindow(img, 'auto', modalityValues(img));
    });
    expect(windows[0]).toEqual(windows[2]);
    expect(windows[1]).toEqual(windows[2]);
    const [lo, hi] = windows[0] as [number, number];
    expect(lo).toBeGreaterThan(6341);
    expect(lo).toBeLessThan(6600);
    expect(hi).toBeGreaterThan(31600);
    expect(hi).toBeLessThan(31926);
    const grey = toGreyFloat(image(values, { bits: 15, source: { format: 'png' } })).data;
    expect(grey[500]).toBeCloseTo(0.5, 1); // mid grey stays mid grey (0.29 over 0–65,535)
  });

  it('a 16-bit PNG holding 8-bit values (8 bits used) is windowed like the 8-bit file', () => {
    const png16 = image(new Uint16Array([0, 51, 255]), { bits: 8, source: { format: 'png' } });
    close(toGreyFloat(png16).data, [0, 0.2, 1]);
  });

  it('RGB luma is scaled by the full 8-bit range', () => {
    const img = image(new Uint8Array([255, 255, 255, 0, 0, 0]), {
      pi: 'RGB',
      source: { format: 'jpeg' },
    });
    close(toGreyFloat(img).data, [1, 0]);
  });
});

describe('quantiles', () => {
  it('is within one histogram bin of the exact value', () => {
    const v = Float32Array.from({ length: 10001 }, (_, i) => i);
    const [q0, q50, q100] = quantiles(v, [0, 0.5, 1]);
    expect(q0).toBe(0);
    expect(Math.abs((q50 ?? 0) - 5000)).toBeLessThan(10001 / 4096 + 1e-9);
    expect(q100).toBeCloseTo(10000, 6);
  });

  it('a constant image gives its value', () => {
    expect(quantiles(new Float32Array([7, 7, 7]), [0.1, 0.9])).toEqual([7, 7]);
  });
});
