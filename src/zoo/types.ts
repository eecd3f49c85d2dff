/**
 * Types of the model zoo. Types only: no TensorFlow.js, no code.
 * Field groups follow timm's `PretrainedCfg` (weight source, input, head, provenance).
 */

/** A value and where it comes from (a file and section, a URL, or "computed by ..."). */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

export type Family = 'DenseNet' | 'ResNet' | 'Inception' | 'MNASNet' | 'EfficientNet' | 'MobileNet';

/** Which published ImageNet top-1 a chart uses; every architecture states each set it has. */
export type Top1Set = 'paperEra' | 'torchvision' | 'timm';

export type Interpolation = 'bilinear' | 'bicubic';

export type Rgb = readonly [number, number, number];

/** Where a set of pretrained weights lives and what it is. */
export interface WeightsSpec {
  /** Hugging Face repository, `timm/<arch>.<tag>`. */
  readonly hfRepo: string;
  readonly tag: string;
  readonly file: 'model.safetensors';
  /** Size of `model.safetensors` in MB (10^6 bytes), as listed or computed from the state dict. */
  readonly sizeMb: number;
  readonly license: string;
  /** ImageNet top-1 of these weights (timm evaluation). */
  readonly top1: Sourced<number>;
  /** Whether the same tensors ship as torchvision's IMAGENET1K_V1 weights. */
  readonly sameAsTorchvision: boolean;
}

export interface ArchMeta {
  /** timm model name: the architecture id everywhere in the app. */
  readonly id: string;
  /** How the paper names it. */
  readonly label: string;
  readonly family: Family;
  /** torchvision builder name, or null where torchvision has none. */
  readonly torchvision: string | null;
  /** Architecture paper (arXiv id or citation). */
  readonly paper: string;

  // Input: what the weights expect.
  readonly inputSize: number;
  readonly resizeSize: number;
  readonly interpolation: Interpolation;
  readonly mean: Rgb;
  readonly std: Rgb;

  // Numerics that must match PyTorch.
  /** BatchNorm epsilon of the reference implementation (tfjs defaults to 1e-3). */
  readonly bnEpsilon: number;

  // Provenance of the published numbers.
  /** Trainable parameters with a 1000-class head (the torchvision/timm convention). */
  readonly params1000: Sourced<number>;
  /** ImageNet top-1 (%) by source set; a missing set means that source has no such model. */
  readonly top1: Partial<Record<Top1Set, Sourced<number>>>;

  readonly weights: WeightsSpec;
}
