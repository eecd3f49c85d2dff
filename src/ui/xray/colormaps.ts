/**
 * Colormaps for saliency overlays: value in [0, 1] → RGB bytes. Pure.
 * - jet: MATLAB's piecewise-linear jet (the usual Grad-CAM rendering, e.g. OpenCV COLORMAP_JET);
 * - viridis: matplotlib's perceptually uniform map, interpolated between its 9 equally spaced
 *   samples (#440154 … #fde725);
 * - grey: the value as brightness.
 */

/** The colormaps the panel offers. */
export const COLORMAPS = ['jet', 'viridis', 'grey'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

const VIRIDIS_SAMPLES: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
];

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

function jet(v: number): [number, number, number] {
  const channel = (offset: number): number =>
    Math.round(255 * clamp01(1.5 - Math.abs(4 * v - offset)));
  return [channel(3), channel(2), channel(1)];
}

function viridis(v: number): [number, number, number] {
  const last = VIRIDIS_SAMPLES.length - 1;
  const pos = v * last;
  const i = Math.min(last - 1, Math.floor(pos));
  const t = pos - i;
  const a = VIRIDIS_SAMPLES[i] ?? [0, 0, 0];
  const b = VIRIDIS_SAMPLES[i + 1] ?? a;
  return [0, 1, 2].map((c) => Math.round((a[c] ?? 0) + t * ((b[c] ?? 0) - (a[c] ?? 0)))) as [
    number,
    number,
    number,
  ];
}

/**
 * @param name the colormap
 * @param value a saliency value (clamped to [0, 1]; NaN counts as 0)
 * @returns the colour as [r, g, b] bytes
 */
export function colormap(name: ColormapName, value: number): [number, number, number] {
  const v = clamp01(value);
  if (name === 'jet') return jet(v);
  if (name === 'viridis') return viridis(v);
  const g = Math.round(255 * v);
  return [g, g, g];
}

/**
 * Colours a saliency map into RGBA pixels with one opacity.
 * @param data values in [0, 1], row-major
 * @param name the colormap
 * @param opacity alpha in [0, 1]
 * @returns RGBA bytes, 4 per value
 */
export function colourise(
  data: Float32Array,
  name: ColormapName,
  opacity: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(data.length * 4);
  const alpha = Math.round(255 * clamp01(opacity));
  for (let i = 0; i < data.length; i++) {
    const [r, g, b] = colormap(name, data[i] ?? 0);
    out.set([r, g, b, alpha], i * 4);
  }
  return out;
}

/**
 * Grey (1 channel) or RGBA pixels → RGBA, for ImageData.
 * @param data the pixels
 * @param channels 1 or 4
 * @returns RGBA bytes
 */
export function toRgba(data: Uint8ClampedArray, channels: 1 | 4): Uint8ClampedArray<ArrayBuffer> {
  if (channels === 4) return new Uint8ClampedArray(data);
  const out = new Uint8ClampedArray(data.length * 4);
  for (let i = 0; i < data.length; i++) {
    const g = data[i] ?? 0;
    out.set([g, g, g, 255], i * 4);
  }
  return out;
}

/**
 * @param name any string
 * @returns whether it names a colormap
 */
export function isColormapName(name: string): name is ColormapName {
  return (COLORMAPS as readonly string[]).includes(name);
}
