/**
 * Wire types of the worker's model registry and X-ray inference. Types only (re-exported by
 * protocol.ts). Everything is structured-cloneable: strings, numbers and typed arrays.
 */
import type { Refusal } from '../../refusal/refusal.ts';

/**
 * How a model's weights came to be; the UI warns for anything but 'trained' and 'chest-xray'.
 * 'chest-xray': a published chest-X-ray model loaded whole (e.g. TorchXRayVision's);
 * 'in-domain': its backbone with a new head (truncated, or another number of outputs).
 */
export type ModelInit = 'random' | 'imagenet' | 'trained' | 'chest-xray' | 'in-domain';

/** The eval transform a model expects: timm's ImageNet one, or TorchXRayVision's. */
export type ModelPreprocess = 'imagenet' | 'xrv';

/**
 * Whether the app could tie a checkpoint's weights to a published source: a catalog download, or
 * a file whose SHA-256 matches one recorded for a source. Shapes alone never verify weights.
 */
export interface WeightsProvenance {
  readonly verified: boolean;
  /** How it was tied, or why not, in one sentence. */
  readonly basis: string;
  /** The file's SHA-256 (lower-case hex), when it was computed. */
  readonly sha256?: string;
}

/** A model in the worker's registry, as the UI sees it. */
export interface ModelInfo {
  readonly id: string;
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly numClasses: number;
  /** Square input side the model was built for. */
  readonly inputSize: number;
  readonly init: ModelInit;
  /**
   * What a person must know before trusting its outputs: 'random weights' (nothing learned),
   * 'untrained head' (ImageNet backbone, random chest head) or 'trained'.
   */
  readonly status: 'random weights' | 'untrained head' | 'trained';
  /** Free text: where the weights came from (e.g. "timm/resnet18.a1_in1k"). */
  readonly source: string;
  readonly trainableParams: number;
  /** Layer whose output is the last kept unit (the Grad-CAM target). */
  readonly camLayer: string;
  /** Input channels: 3, or 1 for grey-input chest-X-ray models. */
  readonly inChannels: number;
  /** One label per output, in output order; '' where the model was not trained for it. */
  readonly outputs: readonly string[];
  readonly preprocess: ModelPreprocess;
  /** Published operating points per output (null: none), for the "calibrated" outputs. */
  readonly opThreshs?: readonly (number | null)[];
  /** Catalog id of the published chest-X-ray model it is or starts from. */
  readonly chestModel?: string;
  /** For a loaded checkpoint: whether its weights are tied to a published source. */
  readonly provenance?: WeightsProvenance;
}

/** Request of `createModel`: a freshly initialised model (random weights). */
export interface CreateModelRequest {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly numClasses: number;
  readonly init: 'random';
  /** Square input side; the architecture's native size when omitted. */
  readonly inputSize?: number;
  /** Seed of the initialisers; results are reproducible for the same seed, architecture and size. */
  readonly seed?: number;
  /** Registry id; `<arch>-k<unitsRemoved>-<n>` when omitted. Replacing an id disposes the old model. */
  readonly id?: string;
}

/** One dropped file, bytes transferred from the page. */
export interface InferenceFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** Options of `predictImages`. */
export interface PredictOptions {
  /** Compute Grad-CAM maps (default true). */
  readonly saliency?: boolean;
  /** Side of each saliency map; default the model's crop size. */
  readonly saliencySize?: number;
  /** Longest side of the thumbnail (default 256). */
  readonly thumbnailSize?: number;
  /**
   * 'fused' (default): the compiled inference path (`zoo/fused.ts`); 'layers': the
   * tf.LayersModel, kept to measure the two against each other (benchmark, tests).
   */
  readonly path?: 'fused' | 'layers';
}

/** What the file said about itself. `identifyingTags` is for the privacy panel only: never export. */
export interface ImageSummary {
  readonly width: number;
  readonly height: number;
  readonly bitsStored: number;
  readonly photometric: string;
  readonly format: string;
  readonly transferSyntax?: string;
  readonly modality?: string;
  readonly notes: readonly string[];
  readonly identifyingTags: readonly {
    readonly tag: string;
    readonly keyword: string;
    readonly value: string;
  }[];
}

/** Grey (1 sample per pixel) or RGBA (4) 8-bit pixels, row-major. */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 4;
  readonly data: Uint8ClampedArray;
}

/** One saliency map, values in [0, 1], row-major, over the model's centre crop. */
export interface SaliencyMap {
  /** The finding it explains: the CheXpert task's name where the output is one, else its label. */
  readonly task: string;
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  /** e.g. "Grad-CAM (Selvaraju et al. 2017) on layer4.1.act2". */
  readonly method: string;
}

/** The region of the source image the model saw, in source pixels (for overlaying saliency). */
export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One model's output on one image, one entry per model output (labels in `outputs`). */
export interface ModelPrediction {
  readonly modelId: string;
  readonly status: ModelInfo['status'];
  /** The model's output labels ('' where not trained), as `ModelInfo.outputs`. */
  readonly outputs: readonly string[];
  /** Sigmoid of each logit. */
  readonly probabilities: readonly number[];
  readonly logits: readonly number[];
  /**
   * TorchXRayVision's `op_norm` of each probability against the published operating point
   * (0.5 = the threshold); null where there is none. Absent for models without operating points.
   */
  readonly calibrated?: readonly (number | null)[];
  readonly crop: CropBox;
  /** Empty when saliency was not requested. */
  readonly saliency: readonly SaliencyMap[];
  /** Where this model's time went on this image. */
  readonly timing?: ModelTiming;
}

/**
 * One model's time on one image, in ms (the worker's clock). On the CPU (the engine, tfjs-wasm)
 * each stage runs to completion before the next starts, so the split is exact; WebGPU and WebGL
 * queue their work (`queued`), so there forward and saliency are the time to queue it and
 * `readMs` holds the wait for the GPU.
 */
export interface ModelTiming {
  /** Whether the backend queues its work (WebGPU, WebGL): then only the total is the GPU's time. */
  readonly queued: boolean;
  /** The forward pass (logits and the last kept unit's features). */
  readonly forwardMs: number;
  /** Grad-CAM's channel weights and maps (0 when saliency is off). */
  readonly saliencyMs: number;
  /** Reading the logits and maps back. */
  readonly readMs: number;
}

/** One file's time, in ms (the worker's clock). */
export interface FileTiming {
  /** Bytes to pixels, the grey float image, the out-of-distribution checks. */
  readonly decodeMs: number;
  /** Every model input (each eval transform once) and the thumbnail. */
  readonly prepareMs: number;
  /** Every model: forward, saliency, reading back (each model's split is in its `timing`). */
  readonly modelsMs: number;
}

/** Result for one file: 'error' entries carry the decoder's refusal (code, sentence, detail). */
export interface FilePrediction {
  readonly name: string;
  readonly status: 'ok' | 'error';
  readonly error?: Refusal;
  readonly ood?: {
    readonly flagged: boolean;
    readonly reasons: readonly { readonly code: string; readonly message: string }[];
  };
  readonly image?: ImageSummary;
  readonly thumbnail?: RasterImage;
  readonly predictions: readonly ModelPrediction[];
  /** Where the time went ('ok' entries). */
  readonly timing?: FileTiming;
}

/** Progress of a batch: one event when file `index` (0-based) of `total` is done. */
export interface InferenceProgress {
  readonly type: 'file';
  readonly index: number;
  readonly total: number;
  readonly name: string;
  readonly status: 'ok' | 'error';
}
