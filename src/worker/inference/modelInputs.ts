/**
 * What each model is fed and how its outputs are read, beside the inference loop (inference.ts):
 * the eval transform of a zoo model, where its centre crop lies in the source image, and
 * TorchXRayVision's operating-point calibration. Pure: no tf.
 */
import type { ModelInputSpec } from '../../imaging/index.ts';
import { getArch } from '../../zoo/registry.ts';
import type { CropBox, ModelInfo } from './inferenceProtocol.ts';
import { opNorm } from '../../zoo/opNorm.ts';
import { CHEXPERT_IN_XRV } from '../../zoo/chestCatalog.ts';

const CHEXPERT_NAME = new Map<string, string>(
  Object.entries(CHEXPERT_IN_XRV).map(([task, label]) => [label, task]),
);

/**
 * @param label a model output's label
 * @returns the name the panel shows: the CheXpert task's where the output is one (TorchXRayVision's
 *   'Effusion' is 'Pleural Effusion'), else the label
 */
export function findingName(label: string): string {
  return CHEXPERT_NAME.get(label) ?? label;
}

/**
 * The eval transform of a model: the catalog's, with the resize scaled when the model was built
 * at another input size (timm keeps crop_pct = inputSize / resizeSize fixed, e.g. 224/256).
 * @param info a registered model
 * @returns its input spec
 */
export function inputSpecOf(info: ModelInfo): ModelInputSpec {
  const meta = getArch(info.arch).meta;
  const resizeSize =
    info.inputSize === meta.inputSize
      ? meta.resizeSize
      : Math.floor((info.inputSize * meta.resizeSize) / meta.inputSize);
  return {
    inputSize: info.inputSize,
    resizeSize,
    interpolation: meta.interpolation,
    mean: meta.mean,
    std: meta.std,
  };
}

/** Python's round() (halves to even), as torchvision's CenterCrop offsets and centerCrop use. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Where the model's centre crop lies in the source image (same arithmetic as resizeShorterSide
 * and centerCrop, mapped back by the resize scale).
 * @param width source width
 * @param height source height
 * @param spec the model's input spec
 * @returns the crop in source pixels
 */
export function cropBoxOf(width: number, height: number, spec: ModelInputSpec): CropBox {
  const short = Math.min(width, height);
  const long = Math.floor((spec.resizeSize * Math.max(width, height)) / short);
  const [rw, rh] = width <= height ? [spec.resizeSize, long] : [long, spec.resizeSize];
  const scale = short / spec.resizeSize;
  const side = Math.round(spec.inputSize * scale);
  return {
    x: Math.round(roundHalfEven((rw - spec.inputSize) / 2) * scale),
    y: Math.round(roundHalfEven((rh - spec.inputSize) / 2) * scale),
    width: side,
    height: side,
  };
}

export { opNorm };
