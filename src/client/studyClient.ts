/**
 * The only way into the worker (Squoosh's worker-bridge pattern): a lazily started Web Worker
 * wrapped by Comlink, typed by `typeof api`. Callers never see tfjs; nothing they get holds a tensor.
 * Cancellation has two steps: a cooperative stop inside long jobs, and, when a signal aborts,
 * terminating the worker (the next call starts a fresh one).
 */
import { wrap, type Remote } from 'comlink';
import type { StudyWorkerApi } from '../worker/api.ts';
import { BACKEND_NAMES } from '../worker/protocol.ts';
import type {
  BackendInfo,
  BackendName,
  LatencyRequest,
  LatencyResult,
} from '../worker/protocol.ts';

let worker: Worker | null = null;
let remote: Remote<StudyWorkerApi> | null = null;
let backend: Promise<BackendInfo> | null = null;

/** @returns the worker's API, starting the worker on first use */
function connect(): Remote<StudyWorkerApi> {
  if (!remote) {
    worker = new Worker(new URL('../worker/entry.ts', import.meta.url), {
      type: 'module',
      name: 'chextransfer-worker',
    });
    remote = wrap<StudyWorkerApi>(worker);
  }
  return remote;
}

/** Stops the worker at once; the next call starts a fresh one (and chooses its backend again). */
export function terminateWorker(): void {
  worker?.terminate();
  worker = null;
  remote = null;
  backend = null;
}

/**
 * Runs a worker call that is abandoned, and the worker terminated, when the signal aborts.
 * @param signal aborts the call
 * @param call the worker call to run
 * @returns the call's result
 */
async function abortable<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
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
 * @param preferred a backend to try first (e.g. `?backend=webgl`), or undefined for the default order
 * @returns the backend the worker runs on, checked by a numerical self-test
 */
export function ensureBackend(preferred?: BackendName): Promise<BackendInfo> {
  if (!backend) {
    const api = connect();
    backend = api.initBackend('infer', preferred);
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
