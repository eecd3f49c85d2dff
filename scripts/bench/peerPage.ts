/**
 * Entry of bench/peer.html (test builds only, see vite.config.ts): one page per thread count,
 * holding the app's own inference worker (through src/client, the fused path on WASM with
 * `threads` threads), an onnxruntime-web worker with as many threads, and the SIMD128
 * microkernel's workers. `npm run bench -- --only peer` drives it (scripts/bench/peer.ts) and
 * alternates single runs of the two runtimes, so the machine's load drifts over both alike.
 */
import { wrap, type Remote } from 'comlink';
import { connect, ensureBackend } from '../../src/client/studyClient.ts';
import type { BackendInfo, HeldLatencyModel, LatencyRequest } from '../../src/worker/protocol.ts';
import type { OrtWorkerApi } from './ortWorker.ts';
import { ORT_BASE_PATH } from './peerPaths.ts';
import type { SimdWorkerApi } from './simdWorker.ts';

/** What the benchmark calls in the page. */
export interface PeerPageApi {
  readonly threads: number;
  readonly isolated: boolean;
  tfjsInit: () => Promise<BackendInfo>;
  tfjsHold: (request: LatencyRequest) => Promise<HeldLatencyModel>;
  tfjsTime: (runs: number) => Promise<number[]>;
  tfjsRelease: () => Promise<void>;
  ortInit: () => Promise<{ version: string; threads: number; isolated: boolean }>;
  ortLoad: (
    url: string,
    inputSize: number,
    warmupRuns: number,
  ) => Promise<{ loadMs: number; warmupMs: number[] }>;
  ortTime: (runs: number) => Promise<number[]>;
  ortRelease: () => Promise<void>;
  /**
   * Runs the microkernel in `threads` Workers at once, `rounds` times.
   * @returns per round, the summed GFLOP/s of the workers
   */
  simdPeak: (bytes: number[], k: number, reps: number, rounds: number) => Promise<number[]>;
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

window.__benchPeer = {
  threads,
  isolated: crossOriginIsolated,
  tfjsInit: () => ensureBackend('wasm', threads),
  tfjsHold: (request) => connect().holdLatencyModel(request),
  tfjsTime: (runs) => connect().timeHeldModel(runs),
  tfjsRelease: () => connect().releaseLatencyModel(),
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
};
