/**
 * Wire types of PyTorch checkpoint loading (checkpointApi.ts). Types only; structured-cloneable.
 * A refused file is data (`ok: false`) holding a refusal (code, sentence, detail), never a thrown
 * error.
 */
import type { Refusal } from '../../refusal/refusal.ts';
import type { LoadReport } from '../../zoo/weights/match.ts';
import type { ModelInfo } from '../inference/inferenceProtocol.ts';
import type { WeightsSource } from './weightsProtocol.ts';

/** Request of `loadCheckpoint`. */
export interface LoadCheckpointRequest {
  /** A dropped/picked file (transfer the buffer) or a URL (downloaded and cached). */
  readonly source: WeightsSource;
  /** The file's name (a published TorchXRayVision name identifies its weight set). */
  readonly fileName?: string;
  /** The TorchXRayVision weights name the file is meant to be (`densenet121-res224-chex`). */
  readonly chestId?: string;
  /** Truncation (default 0); a truncated model gets a new head. */
  readonly unitsRemoved?: number;
  /** Outputs (default: the checkpoint's own head). */
  readonly numClasses?: number;
  /** Registry id (default `pt-<arch>-k<unitsRemoved>` or the chest model's id). */
  readonly id?: string;
}

/** How the file was stored. */
export interface CheckpointSummary {
  readonly format: 'zip' | 'legacy';
  readonly content: 'state_dict' | 'module';
  readonly moduleClass: string | null;
  readonly container: string | null;
  readonly fileBytes: number;
  readonly arch: string;
  readonly inChannels: number;
  readonly numClasses: number;
  /** Tensors per dtype in the file, e.g. { float32: 605, int64: 121 }. */
  readonly dtypes: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
}

/**
 * Why nothing was loaded, besides the reader's and the loader's own codes (TorchCheckpointError's
 * TRUNCATED, UNSAFE_GLOBAL…; CheckpointModelError's UNKNOWN_NETWORK…; WeightsError's WRONG_ARCH,
 * INCOMPLETE), which pass through unchanged so that the app and the command line name a refusal
 * alike.
 */
export type CheckpointFailureCode =
  | 'DOWNLOAD_BLOCKED'
  | 'DOWNLOAD_FAILED'
  | 'CANCELLED'
  | 'BUILD_FAILED'
  /** The Lab asked to truncate a chest-X-ray model before any was loaded. */
  | 'NOT_LOADED';

/** The result of `loadCheckpoint`. */
export type LoadCheckpointResult =
  | {
      readonly ok: true;
      readonly modelId: string;
      readonly info: ModelInfo;
      readonly report: LoadReport;
      readonly checkpoint: CheckpointSummary;
      /** Published chest-X-ray models of this shape (ids), the identified one first. */
      readonly candidates: readonly string[];
      /** The bytes came from Cache Storage. */
      readonly fromCache: boolean;
    }
  | {
      readonly ok: false;
      /** Code, plain sentence and detail, e.g. UNSAFE_GLOBAL "This file asks to run code…". */
      readonly refusal: Refusal;
    };
