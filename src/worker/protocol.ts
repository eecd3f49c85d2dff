/**
 * Wire types between the UI and the worker. Types only.
 * Nothing that crosses the boundary holds a tensor: plain numbers, strings, typed arrays and
 * ArrayBuffers (transferred), so every value is structured-cloneable.
 */

/** The tfjs backends we know how to run, fastest-first for this purpose. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a backend is used for: WASM has no convolution gradients, so it can only infer. */
export type BackendPurpose = 'train' | 'infer';

export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** True for a software adapter such as SwiftShader. */
  readonly isFallbackAdapter: boolean;
}

export interface BackendAttempt {
  readonly name: BackendName;
  readonly ok: boolean;
  /** Why it was skipped (setBackend refused, self-test failed, ...). */
  readonly note: string;
}

export interface BackendInfo {
  /** The backend tfjs reports as active after `setBackend` (never assumed). */
  readonly name: BackendName;
  readonly purpose: BackendPurpose;
  readonly adapter: AdapterInfo | null;
  /** Every backend tried, in order, with the reason any was skipped. */
  readonly attempts: readonly BackendAttempt[];
  readonly selfTestMaxError: number;
}

export interface LatencyRequest {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly numClasses: number;
  /** Square input size in pixels; the architecture's native size when omitted. */
  readonly inputSize?: number;
  readonly warmupRuns?: number;
  readonly timedRuns?: number;
}

export interface LatencyResult {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly backend: BackendName;
  readonly buildMs: number;
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  readonly trainableParams: number;
}

export interface MemoryInfo {
  readonly numTensors: number;
  readonly numBytes: number;
}

/** Progress events, named after transformers.js: progress | ready | start | update | complete | error. */
export type ProgressEvent =
  | { readonly type: 'start'; readonly label: string }
  | {
      readonly type: 'progress';
      readonly label: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly type: 'complete'; readonly label: string };

// ---- Training (see training.ts) ----

/** Which images to train on. The synthetic set is built in; CheXpert/NIH come from the person's files. */
export type TrainDataset =
  | {
      readonly kind: 'synthetic';
      /** Training images; validation images are further phantoms of the same seed. */
      readonly size: number;
      readonly validationSize: number;
      readonly seed: number;
    }
  | {
      readonly kind: 'chexpert';
      /** Text of train.csv (CheXpert) or Data_Entry_2017.csv (NIH). */
      readonly trainCsv: string;
      /** Text of valid.csv; when absent, a seeded patient-level split of trainCsv. */
      readonly validCsv?: string;
      /** A dropped folder's files (their `webkitRelativePath`s are matched to the CSV paths). */
      readonly files?: readonly File[];
      /** Or a zip of the dataset, read entry by entry. */
      readonly zip?: Blob;
      readonly frontalOnly: boolean;
      readonly subsetSize?: number;
      /** Share of patients' images held out when there is no validCsv (default 0.1). */
      readonly validationFraction?: number;
      readonly seed: number;
    };

/** Light augmentation strengths (see src/data/augment.ts; flips are off for chest films). */
export interface TrainAugment {
  readonly shift: number;
  readonly scale: number;
  readonly brightness: number;
  readonly contrast: number;
  readonly horizontalFlip: boolean;
}

/** A complete training configuration (see `resolveTrainConfig` for the defaults). */
export interface TrainConfig {
  readonly arch: string;
  readonly weights: 'random' | 'imagenet';
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
  readonly policy: 'U-Ones' | 'U-Zeros' | 'ignore';
  readonly augment: TrainAugment;
  readonly dataset: TrainDataset;
  /** Seed of initialisation, shuffling and augmentation. */
  readonly seed: number;
}

/** What a caller must give; everything else has a default. */
export type TrainRequest = Pick<TrainConfig, 'arch' | 'dataset'> &
  Partial<Omit<TrainConfig, 'arch' | 'dataset'>>;

/** ROC AUC of one task on the validation split. */
export interface TaskAuc {
  readonly task: string;
  /** null when the validation split has one class only for this task. */
  readonly auc: number | null;
  readonly positives: number;
  readonly negatives: number;
  readonly note?: string;
}

/** One epoch's record. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly validationLoss: number;
  readonly perTaskAuc: readonly TaskAuc[];
  readonly meanAuc: number | null;
  readonly imagesPerSecond: number;
  readonly durationMs: number;
}

/** Progress of a run, throttled to about 4 'step' events a second. */
export type TrainProgress =
  | {
      readonly type: 'start';
      readonly config: TrainConfig;
      readonly backend: BackendName;
      readonly params: number;
      readonly trainImages: number;
      readonly validationImages: number;
    }
  | {
      readonly type: 'step';
      readonly epoch: number;
      readonly step: number;
      readonly stepsPerEpoch: number;
      /** Running mean of the epoch's training loss so far. */
      readonly loss: number;
      readonly imagesPerSecond: number;
      /** Estimated time to the end of the run. */
      readonly etaMs: number;
    }
  | { readonly type: 'epoch'; readonly record: EpochRecord }
  | { readonly type: 'paused' | 'resumed' }
  | { readonly type: 'complete'; readonly result: TrainResult };

/** A finished (or stopped) run, as plain data; the model stays in the worker. */
export interface TrainResult {
  readonly config: TrainConfig;
  readonly perTaskAuc: readonly TaskAuc[];
  readonly meanAuc: number | null;
  readonly epochsDone: number;
  readonly history: readonly EpochRecord[];
  readonly backend: BackendName;
  readonly durationMs: number;
  readonly params: number;
  /** True when `stopTraining` ended the run early. */
  readonly stopped: boolean;
  /** Images that could not be read, with the reason. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

// Model registry and X-ray inference wire types (src/worker/inferenceProtocol.ts).
export type * from './inferenceProtocol.ts';
