/**
 * The engine's public types (the contract with src/worker, src/cli and the benches).
 * DOM-free and tf-free: the same code runs in Node, in the worker and in tests.
 */

/** Which instruction set the loaded module uses. */
export type EngineBuild = 'relaxed-simd' | 'simd';

/** What was loaded, for the badge and the bench rows. */
export interface EngineInfo {
  readonly build: EngineBuild;
  readonly threads: number;
  readonly isolated: boolean;
  /** Why fewer threads than asked, or why plain SIMD; null when neither. */
  readonly reason: string | null;
}

/** Where the compiled modules come from (Node reads engine/dist; the browser fetches assets). */
export interface EngineBinaries {
  load(build: EngineBuild, shared: boolean): Promise<WebAssembly.Module>;
}

/** Starts one pool thread: it instantiates `module` on `memory` and parks in eng_worker_loop. */
export type SpawnThread = (init: {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  tid: number;
  stackBase: number;
  stackBytes: number;
}) => { terminate(): void };

export interface EngineOptions {
  readonly binaries: EngineBinaries;
  /** Threads wanted, the caller included (1 = no pool). */
  readonly threads: number;
  /** Required when threads > 1. */
  readonly spawn?: SpawnThread;
  /** Whether shared memory is available (crossOriginIsolated in a page; true in Node). */
  readonly isolated: boolean;
  /** Use this build even where relaxed SIMD validates (tests, the fallback check). */
  readonly forceBuild?: EngineBuild;
}

/** A weight as tfjs holds it: kernel HWIO, depthwise [kh, kw, c, 1], dense [in, out], BN [c]. */
export interface EngineWeights {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** What the compiler reads: the same arch and options `buildModel` got, and its weights. */
export interface EngineModelSource {
  readonly archId: string;
  readonly numClasses: number;
  readonly unitsRemoved?: number;
  readonly inputSize?: number;
  /** A node whose output `predictWithFeatures` returns (the Grad-CAM layer). */
  readonly featuresNode?: string;
  /** @returns `<layer>/<tfName>` (kernel, depthwise_kernel, bias, gamma, beta, moving_mean, moving_variance) or null */
  weight(layer: string, tfName: string): EngineWeights | null;
  /**
   * @returns the epsilon BatchNorm `layer` was built with, where it may differ from the plan's
   *   (buildModel's `bnEpsilon` for a torchvision-named file); null or absent: the plan's
   */
  bnEpsilon?(layer: string): number | null;
}

/** What the compiler did (tests and benches). */
export interface EngineModelStats {
  readonly ops: number;
  readonly weightBytes: number;
  readonly activationBytes: number;
  /** Concatenation inputs that could not be written in place and are copied. */
  readonly copies: number;
}

export interface EngineModel {
  /**
   * @param x NHWC [batch, size, size, channels], preprocessed as for the LayersModel
   * @param batch images in x (run one by one)
   * @returns logits [batch, numClasses]
   */
  predict(x: Float32Array, batch: number): Float32Array;
  /** As predict, plus the featuresNode output [batch, h, w, c] (throws without featuresNode). */
  predictWithFeatures(
    x: Float32Array,
    batch: number,
  ): {
    features: Float32Array;
    featureShape: readonly [number, number, number];
    logits: Float32Array;
  };
  dispose(): void;
  readonly stats: EngineModelStats;
}

export interface Engine {
  readonly info: EngineInfo;
  compile(src: EngineModelSource): EngineModel;
  dispose(): void;
}
