/**
 * Backend choice: WebGPU, then WebGL, then CPU for training; WASM first for inference (it is the
 * fastest here and has no convolution gradients, so it never trains). Every choice is checked:
 * `setBackend` can return false, and a backend that initialises can still compute wrong numbers,
 * so each candidate must also pass a numerical self-test. The person may override the order.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import { isSoftwareAdapter } from './device.ts';
import { runSelfTest } from './selfTest.ts';
import { prepareWasmThreads, readWasmInfo, wasmThreadsFixed } from './wasmThreads.ts';
import { startCpuEngine } from '../engine/engineHost.ts';
import type {
  AdapterInfo,
  BackendAttempt,
  BackendInfo,
  BackendName,
  BackendOptions,
  BackendPurpose,
  WasmInfo,
} from '../protocol.ts';

const ORDER: Record<BackendPurpose, readonly BackendName[]> = {
  train: ['webgpu', 'webgl', 'cpu'],
  infer: ['wasm', 'webgpu', 'webgl', 'cpu'],
};

let chosen: BackendInfo | null = null;

/** @returns the backend chosen last (by the API, a training run or a fallback), or null */
export function activeBackend(): BackendInfo | null {
  return chosen;
}

/** float32 on a software adapter is exact to about 1e-6 here; 1e-3 catches real breakage only. */
const SELF_TEST_TOLERANCE = 1e-3;

/**
 * @param purpose what the backend will do; 'train' never picks WASM
 * @param preferred a backend to try first (e.g. from `?backend=`), or undefined for the default order
 * @param exclude backends not to try (e.g. WebGPU after its device was lost)
 * @param options WASM threads (the first request before WASM starts decides; all cores by default)
 * @returns the active backend, its adapter (WebGPU), its SIMD and threads (WASM) and every
 *   attempt with its reason
 */
export async function chooseBackend(
  purpose: BackendPurpose,
  preferred?: BackendName,
  exclude: readonly BackendName[] = [],
  options: BackendOptions = {},
): Promise<BackendInfo> {
  const order = candidateOrder(purpose, preferred).filter((name) => !exclude.includes(name));
  const attempts: BackendAttempt[] = [];
  if (purpose === 'train' && preferred === 'wasm')
    attempts.push({ name: 'wasm', ok: false, note: WASM_TRAIN_NOTE });
  for (const name of order) {
    if (name === 'wasm') prepareWasmThreads(options.wasmThreads);
    const attempt = await tryBackend(name);
    attempts.push(attempt.result);
    if (attempt.result.ok) {
      chosen = {
        name,
        purpose,
        adapter: name === 'webgpu' ? await readAdapterInfo() : null,
        attempts,
        selfTestMaxError: attempt.maxError,
        ...(name === 'wasm' ? { wasm: await wasmDetails(options) } : {}),
      };
      return chosen;
    }
  }
  throw new Error(
    `No usable tfjs backend: ${attempts.map((a) => `${a.name}: ${a.note}`).join('; ')}`,
  );
}

/**
 * Reads the WASM backend's SIMD and threads, which are fixed from now on, and starts the engine
 * that runs CPU inference on as many threads (or says why tfjs-wasm runs instead).
 */
async function wasmDetails(options: BackendOptions): Promise<WasmInfo> {
  wasmThreadsFixed();
  const info = await readWasmInfo();
  const state = await startCpuEngine({
    threads: prepareWasmThreads(options.wasmThreads),
    isolated: globalThis.crossOriginIsolated === true,
    ...(options.engine === undefined ? {} : { prefer: options.engine }),
  });
  return {
    ...info,
    engine: { runtime: state.runtime, threads: state.threads, reason: state.reason },
  };
}

/** Why a request to train on WASM is passed over. */
export const WASM_TRAIN_NOTE =
  'never used to train: the WASM backend has no convolution gradients (it only runs inference)';

/**
 * @returns the default order for the purpose, with the preferred backend first when it may be used
 */
export function candidateOrder(purpose: BackendPurpose, preferred?: BackendName): BackendName[] {
  const order = [...ORDER[purpose]];
  if (!preferred) return order;
  if (purpose === 'train' && preferred === 'wasm') return order; // no conv gradients in WASM
  return [preferred, ...order.filter((name) => name !== preferred)];
}

async function tryBackend(
  name: BackendName,
): Promise<{ result: BackendAttempt; maxError: number }> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) {
      return { result: { name, ok: false, note: 'not available in this browser' }, maxError: NaN };
    }
    const maxError = await runSelfTest();
    if (!(maxError < SELF_TEST_TOLERANCE)) {
      return {
        result: { name, ok: false, note: `failed the numerical self-test (error ${maxError})` },
        maxError,
      };
    }
    return { result: { name, ok: true, note: 'passed the self-test' }, maxError };
  } catch (error) {
    return {
      result: { name, ok: false, note: `failed to start: ${String(error)}` },
      maxError: NaN,
    };
  }
}

interface GpuAdapterLike {
  readonly info?: Partial<AdapterInfo>;
  readonly isFallbackAdapter?: boolean;
}
interface NavigatorWithGpu {
  readonly gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

/**
 * Reads the WebGPU adapter tfjs is most likely using (the default one).
 * @returns its vendor, architecture, description and whether it is a software one, or null
 */
export async function readAdapterInfo(): Promise<AdapterInfo | null> {
  const gpu = (globalThis.navigator as NavigatorWithGpu | undefined)?.gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const read = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
  return { ...read, software: isSoftwareAdapter(read) };
}
