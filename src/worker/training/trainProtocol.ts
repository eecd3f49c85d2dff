/**
 * Wire types of training: requests, progress, results, saved models and the dataset inspector.
 * Types only, structured-cloneable; re-exported by protocol.ts, which holds the backend types.
 */
import type { Refusal } from '../../refusal/refusal.ts';
import type { BackendInfo, BackendName } from '../protocol.ts';

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
      /**
       * Text of train.csv (CheXpert) or Data_Entry_2017.csv (NIH); when absent, the file of that
       * name inside `files`/`zip` (the shallowest one, e.g. CheXpert-v1.0-small/train.csv).
       */
      readonly trainCsv?: string;
      /**
       * Text of valid.csv; when absent, valid.csv inside `files`/`zip` (CheXpert), else a seeded
       * patient-level split of the training rows.
       */
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
      /**
       * Decode and resize every selected image once before training, then train from memory
       * (refused over 512 MB: images × inputSize² × 4 bytes).
       */
      readonly inMemory?: boolean;
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
  /**
   * Initialisation: random, ImageNet weights, or 'in-domain': the backbone of a chest-X-ray
   * model (the last TorchXRayVision checkpoint of this architecture loaded in the X-ray panel),
   * which brings its 1-channel input and its preprocessing scale.
   */
  readonly weights: 'random' | 'imagenet' | 'in-domain';
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
      /** The backend with its adapter and self-test (the client refreshes its cached backend). */
      readonly backendInfo: BackendInfo;
      /** The run's id (as `TrainResult.runId`). */
      readonly runId: string;
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
  | {
      /** An on-demand validation pass (`evaluateNow`) after `step` batches of `epoch`. */
      readonly type: 'evaluation';
      readonly epoch: number;
      readonly step: number;
      readonly perTaskAuc: readonly TaskAuc[];
      readonly meanAuc: number | null;
      readonly validationLoss: number;
    }
  | {
      /** Before 'start': an `inMemory` dataset decoding its images once (throttled). */
      readonly type: 'preparing';
      readonly done: number;
      readonly total: number;
    }
  | { readonly type: 'paused' | 'resumed' }
  | BackendChange
  | { readonly type: 'complete'; readonly result: TrainResult };

/**
 * The WebGPU device was lost mid-run: the model was rebuilt on `to` from the last per-epoch
 * checkpoint (or its initial weights), Adam restarted (its moments were lost), and the run
 * continues with epoch `resumeEpoch`. Epoch events after this replace any of the same number.
 */
export interface BackendChange {
  readonly type: 'backend-lost';
  readonly from: BackendName;
  readonly to: BackendName;
  readonly resumeEpoch: number;
  readonly message: string;
  /** The new backend, for the client's cache. */
  readonly backendInfo: BackendInfo;
}

/** A finished (or stopped) run, as plain data; the model stays in the worker. */
export interface TrainResult {
  /** `run-<timestamp base 36>-<n>`, unique per run. */
  readonly runId: string;
  /**
   * Registry id of the trained model (listModels, predictImages, save/export); empty when no
   * epoch finished (stopped before the first batch), in which case nothing was registered.
   */
  readonly modelId: string;
  readonly config: TrainConfig;
  /** For an 'in-domain' run: the chest-X-ray model it started from, e.g. "TorchXRayVision densenet121-res224-chex". */
  readonly initialisedFrom?: string;
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
  /** Device losses survived by falling back to another backend, in order. */
  readonly backendChanges: readonly BackendChange[];
}

/** The dataset of a saved run without the person's files or label text (too big, private). */
export type StoredDataset =
  | Extract<TrainDataset, { kind: 'synthetic' }>
  | {
      readonly kind: 'chexpert';
      readonly frontalOnly: boolean;
      readonly subsetSize?: number;
      readonly validationFraction?: number;
      readonly hasValidCsv: boolean;
      readonly seed: number;
    };

/** A training configuration as stored beside saved or exported weights. */
export type StoredTrainConfig = Omit<TrainConfig, 'dataset'> & { readonly dataset: StoredDataset };

/** A saved model's record (IndexedDB 'chextransfer-models', or the `.json` sidecar of a download). */
export interface SavedModelInfo {
  readonly name: string;
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly numClasses: number;
  /** 1 for a model trained from a chest-X-ray (TorchXRayVision) start; absent means 3. */
  readonly inChannels?: number;
  /** Null for a model that was not trained here (e.g. loaded from a bare safetensors file). */
  readonly config: StoredTrainConfig | null;
  readonly result: Omit<TrainResult, 'config'> | null;
  /** ISO 8601. */
  readonly savedAt: string;
  /** Size of the weights file in bytes. */
  readonly bytes: number;
}

/** A file to download, produced by `exportTrainedModel`. */
export interface ExportedFile {
  readonly name: string;
  /** MIME type. */
  readonly type: string;
  readonly bytes: ArrayBuffer;
}

/** Files given to `loadModelFiles`. */
export interface ModelFileInput {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

// ---- Training data (see datasetApi.ts) ----

/** Positive labels of one task in each split. */
export interface TaskPositives {
  readonly task: string;
  readonly train: number;
  readonly validation: number;
}

/** What `inspectDataset` found: the rows a run would use and the images it would miss. */
export type DatasetReport =
  | {
      readonly ok: true;
      readonly format: 'chexpert' | 'nih';
      /** Rows of the training label file. */
      readonly rows: number;
      /** Frontal rows among them (null for NIH, where every image is frontal). */
      readonly frontalRows: number | null;
      readonly trainRows: number;
      readonly validationRows: number;
      readonly validationFrom: 'valid.csv' | 'patient split';
      /** Selected rows (train + validation) whose image is among the given files. */
      readonly imagesFound: number;
      /** Selected rows whose image is not, with up to 5 of their CSV paths. */
      readonly missing: { readonly count: number; readonly examples: readonly string[] };
      readonly perTaskPositives: readonly TaskPositives[];
      /** Short sentences on what was done (policy, frontal filter, split, label file found). */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly refusal: Refusal };
