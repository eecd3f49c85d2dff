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
  /** The adapter says it is a fallback adapter. */
  readonly isFallbackAdapter: boolean;
  /** A software adapter (SwiftShader, llvmpipe...): a fallback one, or one whose name says so. */
  readonly software?: boolean;
}

/**
 * One backend's training speed, measured by the probe (backend/probe.ts): a few steps of a small
 * model at two batch sizes, fitted to `ms = layers * msPerLayer + flop / flopPerSecond`.
 */
export interface BackendProbe {
  readonly name: BackendName;
  /** false: the backend could not start, or measured nothing within its time. */
  readonly ok: boolean;
  /** Why not, or what ran ("4 steps at batch 2, 4 at batch 16"). */
  readonly note: string;
  /** The device in words, e.g. "Google SwiftShader (a software adapter: the CPU draws)". */
  readonly device: string;
  /** The adapter or renderer emulates a GPU on the CPU. */
  readonly software: boolean;
  /** Backend start, model build and the first step at each batch size (shader compilation). */
  readonly warmupMs: number;
  /** Median ms of a step at each probe batch size. */
  readonly timings: readonly { readonly batch: number; readonly ms: number }[];
  readonly msPerLayer: number | null;
  readonly flopPerSecond: number | null;
  /** Wall time of this backend's probe, start to end. */
  readonly totalMs: number;
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
  /** Present when `name` is 'wasm': SIMD and the threads it really runs. */
  readonly wasm?: WasmInfo;
}

/** The WASM backend's build and threads, as tfjs initialised them. */
export interface WasmInfo {
  readonly simd: boolean;
  /** Threads XNNPACK runs with (1 on the single-threaded build). */
  readonly threads: number;
  /** Whether the worker is cross-origin isolated (SharedArrayBuffer, so threads, available). */
  readonly crossOriginIsolated: boolean;
  /** Why it runs on one thread, in plain words; null when it runs on several. */
  readonly singleThreadReason: string | null;
  /** What runs CPU inference on top of it: our engine, or tfjs-wasm (absent: not started). */
  readonly engine?: EngineStatus;
}

/** What runs a CPU forward pass: the engine's relaxed-SIMD or plain SIMD build, or tfjs-wasm. */
export type CpuRuntime = 'relaxed-simd' | 'simd' | 'tfjs-wasm';
/** Every CPU runtime, in order of preference (`?engine=` takes one of them). */
export const CPU_RUNTIMES: readonly CpuRuntime[] = ['relaxed-simd', 'simd', 'tfjs-wasm'];

/** The engine (src/engine) as the worker started it. */
export interface EngineStatus {
  readonly runtime: CpuRuntime;
  /** Threads the engine runs (0 when tfjs-wasm runs instead). */
  readonly threads: number;
  /** Why tfjs-wasm runs instead, or why the engine has one thread; null otherwise. */
  readonly reason: string | null;
}

/** Options for `initBackend`. */
export interface BackendOptions {
  /** WASM threads (capped at 8); all cores when omitted. Fixed once WASM has started. */
  readonly wasmThreads?: number;
  /** `?engine=`: the CPU runtime to use (default: the fastest that runs here). */
  readonly engine?: CpuRuntime;
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
  /** What ran the forward pass: the engine's build, tfjs-wasm, or tfjs on another backend. */
  readonly runtime: CpuRuntime | 'tfjs';
  readonly buildMs: number;
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  readonly trainableParams: number;
}

/** A fused model held in the worker for interleaved benchmark runs (inference/heldLatency.ts). */
export interface HeldLatencyModel {
  readonly arch: string;
  readonly backend: BackendName;
  readonly inputSize: number;
  readonly buildMs: number;
  readonly warmupMs: readonly number[];
  /** Ops of the compiled model (engine ops or fused tfjs steps). */
  readonly steps: number;
  /** What runs it: the engine's build, tfjs-wasm, or tfjs on another backend. */
  readonly runtime: CpuRuntime | 'tfjs';
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

// Model registry and X-ray inference wire types (inference/inferenceProtocol.ts).
export type * from './inference/inferenceProtocol.ts';
// The one refusal shape (code, kind, sentence, detail) every room's failures use.
export type { Refusal, RefusalKind } from '../refusal/refusal.ts';

// Training, trained-model and dataset-inspector wire types (training/trainProtocol.ts).
export type * from './training/trainProtocol.ts';

// ImageNet weights loading and cache wire types (weights/weightsProtocol.ts).
export type * from './weights/weightsProtocol.ts';

// PyTorch checkpoint loading wire types (weights/checkpointProtocol.ts).
export type * from './weights/checkpointProtocol.ts';
