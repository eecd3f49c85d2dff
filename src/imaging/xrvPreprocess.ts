/**
 * TorchXRayVision's preprocessing, the one function over its data (`XRV_PREPROCESS` in
 * src/zoo/chestCatalog.ts): stored samples scaled to [-1024, 1024] from the bit depth, one
 * channel, centre crop to a square, scikit-image resize. Pure (worker and Node).
 *
 * Ref impl (mlmed/torchxrayvision): `utils.normalize`, `utils.load_image` (PNG/JPEG: maxval 255,
 * first channel of a colour image), `utils.read_xray_dcm` (DICOM: maxval 2^BitsStored - 1,
 * MONOCHROME1 inverted, no VOI LUT and no rescale), `datasets.XRayCenterCrop`,
 * `datasets.XRayResizer` (engine 'skimage'). Every step rounds to float32 where NumPy does.
 * Where TorchXRayVision would refuse (a 16-bit PNG with its fixed maxval 255), this scales from
 * the bit depth the file states, as its DICOM reader does.
 */
import { skimageResize, type FloatImage } from './skimageResize.ts';
import type { DecodedImage } from './types.ts';

/** A 1-channel model input: `[1, size, size, 1]` float32 (NHWC = NCHW for one channel). */
export interface XrvInput {
  readonly shape: readonly [1, number, number, 1];
  readonly data: Float32Array;
}

const f32 = Math.fround;

/**
 * One stored sample -> [-1024, 1024], as NumPy computes it (float32 at every step), as a function
 * and, for integer samples masked to at most 16 bits, as a table indexed by `stored & mask`.
 */
function sampleScaler(image: DecodedImage): {
  scale: (v: number) => number;
  table: Float32Array | null;
  mask: number;
} {
  const { data, bitsStored } = image;
  const maxval = 2 ** bitsStored - 1;
  const mask = bitsStored >= 32 ? -1 : maxval;
  const integer = !(data instanceof Float32Array);
  const invert = image.photometric === 'MONOCHROME1';
  const scale = (stored: number): number => {
    // bits above Bits Stored are not part of the sample (PS3.5 section 8.1.1)
    let v = integer ? stored & mask : Math.min(maxval, Math.max(0, stored));
    if (invert) v = maxval - v;
    return f32(f32(2 * f32(v / maxval) - 1) * 1024);
  };
  if (!integer || bitsStored > 16) return { scale, table: null, mask };
  const table = new Float32Array(maxval + 1);
  for (let v = 0; v <= maxval; v++) table[v] = scale(v);
  return { scale, table, mask };
}

/**
 * Scales the pixels of one rectangle (first channel), row-major.
 * @param image a decoded image
 * @param x left column
 * @param y top row
 * @param width columns
 * @param height rows
 * @returns one float per pixel of the rectangle
 */
function scaleRect(
  image: DecodedImage,
  x: number,
  y: number,
  width: number,
  height: number,
): Float32Array {
  const { data, channels } = image;
  const { scale, table, mask } = sampleScaler(image);
  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const from = ((y + r) * image.width + x) * channels;
    const to = r * width;
    // the table loop inline: a call per sample of a million-pixel image cost more than the rest
    if (table !== null)
      for (let c = 0; c < width; c++)
        out[to + c] = table[(data[from + c * channels] as number) & mask] as number;
    else for (let c = 0; c < width; c++) out[to + c] = scale(data[from + c * channels] ?? 0);
  }
  return out;
}

/**
 * Stored samples -> [-1024, 1024]: `(2 * (x / maxval) - 1) * 1024`, x the stored value (first
 * channel of RGB; maxval - x for MONOCHROME1), maxval = 2^bits - 1.
 * @param image a decoded image
 * @returns one float per pixel
 */
export function xrvScale(image: DecodedImage): FloatImage {
  const { width, height } = image;
  return { width, height, data: scaleRect(image, 0, 0, width, height) };
}

/** `XRayCenterCrop`'s square: side and start = dim // 2 - side // 2. */
function centerSquare(width: number, height: number): { side: number; x: number; y: number } {
  const side = Math.min(width, height);
  const x = Math.floor(width / 2) - Math.floor(side / 2);
  const y = Math.floor(height / 2) - Math.floor(side / 2);
  return { side, x, y };
}

/**
 * `XRayCenterCrop`: the largest centred square, start = dim // 2 - side // 2.
 * @param img the scaled image
 * @returns the square crop and where it lies in the source
 */
export function xrvCenterCrop(img: FloatImage): { crop: FloatImage; x: number; y: number } {
  const { side, x, y } = centerSquare(img.width, img.height);
  const data = new Float32Array(side * side);
  for (let r = 0; r < side; r++)
    data.set(img.data.subarray((y + r) * img.width + x, (y + r) * img.width + x + side), r * side);
  return { crop: { width: side, height: side, data }, x, y };
}

/**
 * The whole TorchXRayVision pipeline for one image.
 * @param image a decoded image
 * @param inputSize the model's side (224 or 512)
 * @returns the model input, and the crop in source pixels (for overlays)
 */
export function toXrvInput(
  image: DecodedImage,
  inputSize: number,
): { input: XrvInput; crop: { x: number; y: number; width: number; height: number } } {
  // scale only the crop (the same numbers as xrvCenterCrop(xrvScale(image)), one buffer less)
  const { side, x, y } = centerSquare(image.width, image.height);
  const crop = { width: side, height: side, data: scaleRect(image, x, y, side, side) };
  const resized = skimageResize(crop, inputSize, inputSize);
  return {
    input: { shape: [1, inputSize, inputSize, 1], data: resized.data },
    crop: { x, y, width: crop.width, height: crop.height },
  };
}
