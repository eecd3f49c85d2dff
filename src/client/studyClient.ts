/**
 * The only way into the worker (Squoosh's worker-bridge pattern): a lazily started Web Worker
 * wrapped by Comlink, typed by `typeof api`. Callers never see tfjs; nothing they get holds a tensor.
 * Cancellation has two steps: a cooperative stop inside long jobs, and, when a signal aborts,
 * terminating the worker (the next call starts a fresh one).
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { StudyWorkerApi } from '../worker/api.ts';
import type {
  CreateModelRequest,
  FilePrediction,
  InferenceFile,
  InferenceProgress,
  ModelInfo,
  PredictOptions,
} from '../worker/protocol.ts';
import { BACKEND_NAMES, CPU_RUNTIMES } from '../worker/protocol.ts';
import type {
  LoadWeightsRequest,
  LoadWeightsResult,
  WeightsCacheInfo,
  WeightsProgress,
} from '../worker/protocol.ts';
import type {
  BackendInfo,
  BackendName,
  BackendOptions,
  CpuRuntime,
  LatencyRequest,
  LatencyResult,
} from '../worker/protocol.ts';

let worker: Worker | null = null;
let remote: Remote<StudyWorkerApi> | null = null;
let backend: Promise<BackendInfo> | null = null;
/** Why the model list changed: the worker's registry changed, or the worker (and its models) is gone. */
export type ModelsChange = 'changed' | 'terminated';
const modelListeners = new Set<(change: ModelsChange) => void>();
const notifyModels = (change: ModelsChange): void => modelListeners.forEach((l) => l(change));

/**
 * @param listener called whenever the worker's model registry changes (a model trained, loaded,
 *   created or removed anywhere in the app), and when the worker is terminated
 * @returns a function that removes the listener
 */
export function onModelsChanged(listener: (change: ModelsChange) => void): () => void {
  modelListeners.add(listener);
  return () => modelListeners.delete(listener);
}

/**
 * @returns the worker's API, starting the worker on first use (for the other src/client modules;
 *   the UI calls the named wrappers)
 */
export function connect(): Remote<StudyWorkerApi> {
  if (!remote) {
    worker = startWorker('chextransfer-worker');
    remote = wrap<StudyWorkerApi>(worker);
    void remote.watchModels(proxy(() => notifyModels('changed')));
  }
  return remote;
}

/**
 * @param name the worker's name (shown in the browser's tools)
 * @returns a new worker running the worker bundle: the app's one (`connect`), or a short-lived one
 *   the backend probe owns and terminates (src/client/probeClient.ts)
 */
export function startWorker(name: string): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name });
}

/** Stops the worker at once; the next call starts a fresh one (and chooses its backend again). */
export function terminateWorker(): void {
  worker?.terminate();
  worker = null;
  remote = null;
  backend = null;
  notifyModels('terminated'); // its models are gone; listing them would start a new worker
}

/**
 * Runs a worker call that is abandoned, and the worker terminated, when the signal aborts.
 * @param signal aborts the call
 * @param call the worker call to run
 * @returns the call's result
 */
export async function abortable<T>(
  signal: AbortSignal | undefined,
  call: () => Promise<T>,
): Promise<T> {
  if (!signal) return call();
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      terminateWorker();
      reject(
        signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'),
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    call()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Replaces the cached backend, e.g. when a training run switched it.
 * @param info the backend the worker now runs on
 */
export function rememberBackend(info: BackendInfo): void {
  backend = Promise.resolve(info);
}

/**
 * @param preferred a backend to try first (e.g. `?backend=webgl`), or undefined for the default order
 * @param wasmThreads WASM threads (e.g. `?threads=1`); all cores (capped) when undefined
 * @returns the backend the worker runs on, checked by a numerical self-test
 */
export function ensureBackend(
  preferred?: BackendName,
  wasmThreads: number | undefined = preferredThreads(),
): Promise<BackendInfo> {
  if (!backend) {
    const api = connect();
    const engine = preferredEngine();
    const options: BackendOptions = {
      ...(wasmThreads ? { wasmThreads } : {}),
      ...(engine ? { engine } : {}),
    };
    backend = api.initBackend('infer', preferred, options);
    backend.catch(() => (backend = null));
  }
  return backend;
}

/**
 * Builds the (truncated) model in the worker and times inference on the active backend.
 * @param request the architecture, units removed and timing settings
 * @param signal cancels the measurement (terminates the worker)
 * @returns the median latency and every run
 */
export async function measureLatency(
  request: LatencyRequest,
  signal?: AbortSignal,
): Promise<LatencyResult> {
  return abortable(signal, () => connect().measureLatency(request));
}

/** @returns tensors and bytes tfjs holds in the worker, for leak checks */
export function workerMemory(): Promise<{ numTensors: number; numBytes: number }> {
  return connect().memory();
}

/**
 * The backend a person asked for with `?backend=webgpu|webgl|wasm|cpu` (tests use it too).
 * @param search the page's query string
 * @returns the backend, or undefined when none (or an unknown one) is named
 */
export function preferredBackend(
  search: string = globalThis.location?.search ?? '',
): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  return BACKEND_NAMES.find((name) => name === value);
}

/**
 * The WASM thread count a person asked for with `?threads=N` (benchmarks use it too).
 * @param search the page's query string
 * @returns a positive whole number, or undefined for the default (all cores, capped)
 */
export function preferredThreads(
  search: string = globalThis.location?.search ?? '',
): number | undefined {
  const value = Number(new URLSearchParams(search).get('threads') ?? NaN);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The CPU runtime a person (or a test) asked for with `?engine=relaxed-simd|simd|tfjs-wasm`.
 * @param search the page's query string
 * @returns the runtime, or undefined for the default (the fastest that runs here)
 */
export function preferredEngine(
  search: string = globalThis.location?.search ?? '',
): CpuRuntime | undefined {
  const value = new URLSearchParams(search).get('engine');
  return CPU_RUNTIMES.find((name) => name === value);
}

// --- Model registry and X-ray inference -------------------------------------------------------

/**
 * Builds a randomly initialised (truncated) model in the worker and makes it the active one.
 * @param request architecture, units removed, 5 classes, input size, seed, id
 * @returns its info; `status` is 'random weights' so the UI can warn
 */
export async function createModel(request: CreateModelRequest): Promise<ModelInfo> {
  await ensureBackend(preferredBackend());
  return connect().createModel(request);
}

/** @returns the models the worker holds (trained, loaded or random) */
export function listModels(): Promise<ModelInfo[]> {
  return connect().listModels();
}

/**
 * @param id registry id
 * @returns whether the worker had (and disposed) that model
 */
export function disposeModel(id: string): Promise<boolean> {
  return connect().disposeModel(id);
}

/**
 * Reads dropped files into the shape `predictImages` takes (bytes stay on this machine).
 * @param files the dropped or picked files
 * @returns names and bytes
 */
export async function readDroppedFiles(files: Iterable<File>): Promise<InferenceFile[]> {
  return Promise.all([...files].map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
}

/**
 * Runs 1–3 worker models on X-ray files. The files' buffers are transferred to the worker (they
 * are detached here afterwards); results come back with their pixel buffers transferred.
 * @param files names and bytes, e.g. from `readDroppedFiles`
 * @param modelIds registered model ids, shown side by side
 * @param opts saliency on/off and size, thumbnail size
 * @param onProgress called after each file (index, total, status)
 * @param signal cancels the batch (terminates the worker, dropping its models)
 * @returns one entry per file, in order; failed files carry `error`
 */
export async function predictImages(
  files: readonly InferenceFile[],
  modelIds: readonly string[],
  opts: PredictOptions = {},
  onProgress?: (event: InferenceProgress) => void,
  signal?: AbortSignal,
): Promise<FilePrediction[]> {
  await ensureBackend(preferredBackend());
  // A buffer listed twice in a transfer list is a DataCloneError: dedupe (same file dropped twice).
  const sent = transfer(files, [...new Set(files.map((f) => f.bytes))]);
  return abortable(signal, () =>
    connect().predictImages(sent, modelIds, opts, onProgress ? proxy(onProgress) : undefined),
  );
}

// --- ImageNet weights ---------------------------------------------------------------------------

/**
 * Builds the (truncated) model in the worker and loads ImageNet weights into it, strictly. A
 * dropped file's buffer is transferred (emptied here). A refused file comes back as
 * `{ ok: false, code, message }` and leaves the worker's models as they were.
 * @param request architecture, units removed, 5 classes and the source (buffer or URL)
 * @param onProgress download bytes, then 'loading'
 * @returns the registered model ('untrained head') and the load report, or the refusal
 */
export async function loadImagenetWeights(
  request: LoadWeightsRequest,
  onProgress?: (event: WeightsProgress) => void,
): Promise<LoadWeightsResult> {
  await ensureBackend(preferredBackend());
  const { source } = request;
  const sent = source.kind === 'buffer' ? transfer(request, [source.buffer]) : request;
  return connect().loadImagenetWeights(sent, onProgress ? proxy(onProgress) : undefined);
}

/**
 * @param url file URL
 * @returns its size in bytes without downloading it (HEAD / range request), or null if unknown
 */
export function weightsDownloadSize(url: string): Promise<number | null> {
  return connect().weightsDownloadSize(url);
}

/**
 * @param url the URL a `loadImagenetWeights` call is downloading
 * @returns whether a download was cancelled (that call returns code 'CANCELLED')
 */
export function cancelWeightsDownload(url: string): Promise<boolean> {
  return connect().cancelWeightsDownload(url);
}

/** @returns the weight files cached in the browser (Cache Storage) and their total size */
export function weightsCacheInfo(): Promise<WeightsCacheInfo> {
  return connect().weightsCacheInfo();
}

/** @returns how many cached weight files were deleted */
export function clearWeightsCache(): Promise<number> {
  return connect().clearWeightsCache();
}
