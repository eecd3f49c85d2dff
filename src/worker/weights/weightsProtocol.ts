/**
 * Wire types of ImageNet weight loading (weightsApi.ts). Types only; everything is
 * structured-cloneable. A refused file is data (`ok: false`), never an opaque thrown error.
 */
import type { Refusal } from '../../refusal/refusal.ts';
import type { LoadReport } from '../../zoo/weights/match.ts';
import type { ModelInfo } from '../inference/inferenceProtocol.ts';

export type { LoadReport };

/** Where the bytes come from: a dropped/picked file (transfer the buffer) or a URL. */
export type WeightsSource =
  | { readonly kind: 'buffer'; readonly buffer: ArrayBuffer; readonly name: string }
  | {
      readonly kind: 'url';
      readonly url: string;
      /** The size from `weightsDownloadSize`, if checked: a cached file of another size is refetched. */
      readonly expectedBytes?: number;
    };

/** Request of `loadImagenetWeights`. */
export interface LoadWeightsRequest {
  readonly arch: string;
  readonly unitsRemoved: number;
  /** Outputs of the new head (5: the CheXpert tasks). */
  readonly numClasses: number;
  readonly source: WeightsSource;
  /** Square input side; the architecture's native size when omitted. */
  readonly inputSize?: number;
  /** Registry id; `imagenet-<arch>-k<unitsRemoved>` when omitted (replacing it disposes the old). */
  readonly id?: string;
}

/** Progress of a load: bytes while downloading, then one 'loading' event. */
export type WeightsProgress =
  | { readonly type: 'download'; readonly done: number; readonly total: number }
  | { readonly type: 'loading' };

/** Where the loaded bytes came from. */
export interface LoadedWeightsFile {
  readonly url?: string;
  readonly fileName?: string;
  readonly bytes: number;
  readonly fromCache: boolean;
}

/**
 * Why nothing was loaded, besides the reader's and the matcher's own codes (SafetensorsError's
 * TRUNCATED, BAD_HEADER…; WeightsError's WRONG_ARCH, INCOMPLETE), which pass through unchanged
 * so that the app and the command line name a refusal alike.
 */
export type WeightsFailureCode = 'DOWNLOAD_FAILED' | 'CANCELLED' | 'BUILD_FAILED';

/** The result of `loadImagenetWeights`. */
export type LoadWeightsResult =
  | {
      readonly ok: true;
      readonly modelId: string;
      readonly info: ModelInfo;
      readonly report: LoadReport;
      readonly weights: LoadedWeightsFile;
    }
  | {
      readonly ok: false;
      /** Code, plain sentence and detail, e.g. WRONG_ARCH "This file holds densenet121 weights…". */
      readonly refusal: Refusal;
      /** What the loader found (WRONG_ARCH / INCOMPLETE). */
      readonly report?: LoadReport;
    };

/** Cached weight files (Cache Storage, by URL). */
export interface WeightsCacheInfo {
  readonly entries: { url: string; bytes: number }[];
  readonly totalBytes: number;
}
