/**
 * onnxruntime-web in a Worker of the benchmark page, as the app runs tfjs in its worker. ORT is
 * loaded at run time, unbundled, from the package's own dist files (served by
 * scripts/vite/benchAssets.ts), so it runs exactly as shipped: its pthreads load its own glue.
 * Only the CPU (WASM) execution provider, with every graph optimisation (BN folding, fusions).
 */
import { expose } from 'comlink';
import type * as Ort from 'onnxruntime-web';

type OrtModule = typeof Ort;

let ort: OrtModule | null = null;
let session: Ort.InferenceSession | null = null;
let feeds: Record<string, Ort.Tensor> = {};

async function runOnce(s: Ort.InferenceSession): Promise<number> {
  const started = performance.now();
  const out = await s.run(feeds);
  for (const t of Object.values(out)) t.dispose();
  return performance.now() - started;
}

/** Deterministic N(0, 1)-like input (Box-Muller on an LCG); the values do not affect timing. */
function normalInput(n: number): Float32Array {
  const x = new Float32Array(n);
  let seed = 7;
  const uniform = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  for (let i = 0; i < n; i++)
    x[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return x;
}

const ortApi = {
  /**
   * Loads ORT with its thread count (fixed for the worker's life, as in tfjs).
   * @param base absolute URL of the folder holding ort.wasm.min.mjs and its .mjs/.wasm
   * @param threads intra-op threads (the calling thread included)
   * @returns ORT's version and settings, and whether this worker is cross-origin isolated
   */
  async init(
    base: string,
    threads: number,
  ): Promise<{ version: string; threads: number; isolated: boolean }> {
    ort = (await import(/* @vite-ignore */ `${base}ort.wasm.min.mjs`)) as OrtModule;
    ort.env.wasm.wasmPaths = base;
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    return {
      version: ort.env.versions.web ?? '',
      threads: ort.env.wasm.numThreads ?? threads,
      isolated: crossOriginIsolated,
    };
  },

  /**
   * @param url the .onnx file
   * @param inputSize square input side (NCHW, batch 1, 3 channels)
   * @param warmupRuns untimed runs after the session is made
   * @returns session creation time and the warm-up runs' times in ms
   */
  async load(
    url: string,
    inputSize: number,
    warmupRuns: number,
  ): Promise<{ loadMs: number; warmupMs: number[] }> {
    if (ort === null) throw new Error('init first');
    await ortApi.release();
    const started = performance.now();
    const s = await ort.InferenceSession.create(url, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    const loadMs = performance.now() - started;
    const shape = [1, 3, inputSize, inputSize];
    feeds = {
      [s.inputNames[0] ?? 'input']: new ort.Tensor(
        'float32',
        normalInput(3 * inputSize ** 2),
        shape,
      ),
    };
    session = s;
    const warmupMs: number[] = [];
    for (let i = 0; i < warmupRuns; i++) warmupMs.push(await runOnce(s));
    return { loadMs, warmupMs };
  },

  /**
   * @param runs timed runs of the loaded session
   * @returns each run's time in ms
   */
  async time(runs: number): Promise<number[]> {
    const s = session;
    if (s === null) throw new Error('load first');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await runOnce(s));
    return times;
  },

  /** Frees the session and its input. */
  async release(): Promise<void> {
    for (const t of Object.values(feeds)) t.dispose();
    feeds = {};
    await session?.release();
    session = null;
  },
};

expose(ortApi);

export type OrtWorkerApi = typeof ortApi;
