/**
 * Entry of bench/peer.html (test builds only, see vite.config.ts): one page per thread count,
 * holding
 * - the app's own inference worker (through src/client) on WASM with `threads` threads: its
 *   default CPU path, the engine with the build it picks (`app`);
 * - a second app worker told to run tfjs-wasm's fused path instead (`engine: 'tfjs-wasm'`, the
 *   app's path before the engine: `tfjs`);
 * - an onnxruntime-web worker with as many threads (`ort`);
 * - the SIMD128 WAT microkernel's workers, and the engine's own GEMM microbenchmark.
 * `npm run bench -- --only peer` drives it (scripts/bench/peer.ts) and alternates single runs of
 * the runtimes, so the machine's load drifts over all of them alike.
 */
import { wrap, type Remote } from 'comlink';
import { connect, ensureBackend, startWorker } from '../../src/client/studyClient.ts';
import type { StudyWorkerApi } from '../../src/worker/api.ts';
import type { BackendInfo, HeldLatencyModel, LatencyRequest } from '../../src/worker/protocol.ts';
import relaxedSt from '../../engine/dist/engine-relaxed-st.wasm?url';
import simdSt from '../../engine/dist/engine-simd-st.wasm?url';
import { gemmPeak } from './engineGemm.ts';
import type { OrtWorkerApi } from './ortWorker.ts';
import { ORT_BASE_PATH } from './peerPaths.ts';
import type { SimdWorkerApi } from './simdWorker.ts';

/** One app worker as the benchmark drives it. */
export interface HeldRuntime {
  init: () => Promise<BackendInfo>;
  hold: (request: LatencyRequest) => Promise<HeldLatencyModel>;
  time: (runs: number) => Promise<number[]>;
  release: () => Promise<void>;
}

/** The engine's GEMM peak per build, GFLOP/s, or why a build did not run. */
export interface GemmPeaks {
  simd: number | string;
  relaxed: number | string;
}

/** What the benchmark calls in the page. */
export interface PeerPageApi {
  readonly threads: number;
  readonly isolated: boolean;
  readonly app: HeldRuntime;
  readonly tfjs: HeldRuntime;
  ortInit: () => Promise<{ version: string; threads: number; isolated: boolean }>;
  ortLoad: (
    url: string,
    inputSize: number,
    warmupRuns: number,
  ) => Promise<{ loadMs: number; warmupMs: number[] }>;
  ortTime: (runs: number) => Promise<number[]>;
  ortRelease: () => Promise<void>;
  /**
   * Runs the SIMD128 WAT microkernel in `threads` Workers at once, `rounds` times.
   * @returns per round, the summed GFLOP/s of the workers
   */
  simdPeak: (bytes: number[], k: number, reps: number, rounds: number) => Promise<number[]>;
  /** The engine's eng_bench_gemm on both single-threaded builds, fastest of `rounds`. */
  gemmPeak: (rounds: number) => Promise<GemmPeaks>;
}

declare global {
  interface Window {
    __benchPeer?: PeerPageApi;
  }
}

const threads = Number(new URLSearchParams(location.search).get('threads') ?? '1');

// The benchmark's own workers: not the app's, which src/client alone starts.
// eslint-disable-next-line no-restricted-syntax
const ortWorker = new Worker(new URL('./ortWorker.ts', import.meta.url), { type: 'module' });
const ort: Remote<OrtWorkerApi> = wrap<OrtWorkerApi>(ortWorker);

function simdWorkers(n: number): { raw: Worker; api: Remote<SimdWorkerApi> }[] {
  return Array.from({ length: n }, () => {
    // eslint-disable-next-line no-restricted-syntax
    const raw = new Worker(new URL('./simdWorker.ts', import.meta.url), { type: 'module' });
    return { raw, api: wrap<SimdWorkerApi>(raw) };
  });
}

/** The comparison worker: the app's worker bundle, started with its engine switched off. */
const tfjsWorker: Remote<StudyWorkerApi> = wrap<StudyWorkerApi>(startWorker('bench-tfjs-wasm'));

async function peakOf(url: string, rounds: number): Promise<number | string> {
  try {
    return await gemmPeak(await (await fetch(url)).arrayBuffer(), rounds);
  } catch (error) {
    return String(error); // e.g. this browser refuses relaxed SIMD
  }
}

window.__benchPeer = {
  threads,
  isolated: crossOriginIsolated,
  app: {
    init: () => ensureBackend('wasm', threads),
    hold: (request) => connect().holdLatencyModel(request),
    time: (runs) => connect().timeHeldModel(runs),
    release: () => connect().releaseLatencyModel(),
  },
  tfjs: {
    init: () =>
      tfjsWorker.initBackend('infer', 'wasm', { wasmThreads: threads, engine: 'tfjs-wasm' }),
    hold: (request) => tfjsWorker.holdLatencyModel(request),
    time: (runs) => tfjsWorker.timeHeldModel(runs),
    release: () => tfjsWorker.releaseLatencyModel(),
  },
  ortInit: () => ort.init(new URL(ORT_BASE_PATH, location.href).href, threads),
  ortLoad: (url, inputSize, warmupRuns) => ort.load(url, inputSize, warmupRuns),
  ortTime: (runs) => ort.time(runs),
  ortRelease: () => ort.release(),
  async simdPeak(bytes, k, reps, rounds) {
    const workers = simdWorkers(threads);
    try {
      await Promise.all(workers.map((w) => w.api.setup(bytes, k)));
      const totals: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const each = await Promise.all(workers.map((w) => w.api.run(reps, k)));
        totals.push(each.reduce((a, b) => a + b, 0));
      }
      return totals;
    } finally {
      for (const w of workers) w.raw.terminate();
    }
  },
  gemmPeak: async (rounds) => ({
    simd: await peakOf(simdSt, rounds),
    relaxed: await peakOf(relaxedSt, rounds),
  }),
};
