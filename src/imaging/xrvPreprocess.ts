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
 * Stored samples -> [-1024, 1024]: `(2 * (x / maxval) - 1) * 1024`, x the stored value (first
 * channel of RGB; maxval - x for MONOCHROME1), maxval = 2^bits - 1.
 * @param image a decoded image
 * @returns one float per pixel
 */
export function xrvScale(image: DecodedImage): FloatImage {
  const { width, height, data, channels, bitsStored } = image;
  const maxval = 2 ** bitsStored - 1;
  const mask = bitsStored >= 32 ? -1 : maxval;
  const integer = !(data instanceof Float32Array);
  const invert = image.photometric === 'MONOCHROME1';
  const out = new Float32Array(width * height);
  for (let p = 0; p < out.length; p++) {
    let v = data[p * channels] ?? 0;
    // bits above Bits Stored are not part of the sample (PS3.5 section 8.1.1)
    v = integer ? v & mask : Math.min(maxval, Math.max(0, v));
    if (invert) v = maxval - v;
    out[p] = f32(f32(2 * f32(v / maxval) - 1) * 1024);
  }
  return { width, height, data: out };
}

/**
 * `XRayCenterCrop`: the largest centred square, start = dim // 2 - side // 2.
 * @param img the scaled image
 * @returns the square crop and where it lies in the source
 */
export function xrvCenterCrop(img: FloatImage): { crop: FloatImage; x: number; y: number } {
  const side = Math.min(img.width, img.height);
  const x = Math.floor(img.width / 2) - Math.floor(side / 2);
  const y = Math.floor(img.height / 2) - Math.floor(side / 2);
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
  const { crop, x, y } = xrvCenterCrop(xrvScale(image));
  const resized = skimageResize(crop, inputSize, inputSize);
  return {
    input: { shape: [1, inputSize, inputSize, 1], data: resized.data },
    crop: { x, y, width: crop.width, height: crop.height },
  };
}
