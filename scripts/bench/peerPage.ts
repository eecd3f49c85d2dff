/**
 * Entry of bench/peer.html (test builds only, see vite.config.ts): one page per thread count,
 * holding the app's own inference worker (through src/client: its default CPU path, the engine,
 * on `threads` threads), a second app worker forced to tfjs-wasm's fused path (`engine:
 * 'tfjs-wasm'`, the app's CPU path before the engine), an onnxruntime-web worker with as many
 * threads, the SIMD128 microkernel's workers, and the engine's own GEMM microbenchmark. `npm run bench -- --only peer` drives it (scripts/bench/peer.ts) and
 * alternates single runs of the two runtimes, so the machine's load drifts over both alike.
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

/** What the benchmark calls in the page. */
export interface PeerPageApi {
  readonly threads: number;
  readonly isolated: boolean;
  appInit: () => Promise<BackendInfo>;
  appHold: (request: LatencyRequest) => Promise<HeldLatencyModel>;
  appTime: (runs: number) => Promise<number[]>;
  appRelease: () => Promise<void>;
  /** The engine's GEMM peak at one thread, GFLOP/s, per build (null: the build does not run). */
  gemmPeak: () => Promise<{ simd: number | null; relaxed: number | null }>;
  /**
   * The X-ray panel end to end on the app's worker: loads the checkpoint at `weightsUrl`, then
   * runs one warm-up and `runs` timed `predictImages` of the image at `imageUrl` with Grad-CAM.
   * @returns each timed run in ms, what ran, its threads, and whether every run gave finite
   *   probabilities and a Grad-CAM map
   */
  chestTime: (
    weightsUrl: string,
    imageUrl: string,
    runs: number,
  ) => Promise<{ times: number[]; runtime: string; threads: number; ok: boolean }>;
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

/** The tfjs-wasm comparison: a second app worker whose engine is switched off. */
const tfjs: Remote<StudyWorkerApi> = wrap<StudyWorkerApi>(startWorker('chextransfer-tfjs'));

async function peakOf(url: string): Promise<number | null> {
  try {
    return await gemmPeak(new Uint8Array(await (await fetch(url)).arrayBuffer()));
  } catch {
    return null; // this browser refuses the build (relaxed SIMD)
  }
}

async function chestTime(
  weightsUrl: string,
  imageUrl: string,
  runs: number,
): Promise<{ times: number[]; runtime: string; threads: number; ok: boolean }> {
  const info = await ensureBackend('wasm', threads);
  const api = connect();
  const buffer = await (await fetch(weightsUrl)).arrayBuffer();
  const loaded = await api.loadCheckpoint({
    source: { kind: 'buffer', buffer, name: 'xrv_densenet121_module_zip.pt' },
  });
  if (!loaded.ok) throw new Error(loaded.refusal.sentence);
  const image = await (await fetch(imageUrl)).arrayBuffer();
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const [out] = await api.predictImages(
      [{ name: 'x.png', bytes: image.slice(0) }],
      [loaded.modelId],
    );
    if (i > 0) times.push(performance.now() - t0); // run 0 warms up and compiles
    const p = out?.predictions[0];
    ok &&= p !== undefined && p.probabilities.every(Number.isFinite) && p.saliency.length > 0;
  }
  await api.disposeModel(loaded.modelId);
  const engine = info.wasm?.engine;
  return {
    times,
    runtime: engine?.runtime ?? 'tfjs-wasm',
    threads: engine && engine.runtime !== 'tfjs-wasm' ? engine.threads : (info.wasm?.threads ?? 1),
    ok,
  };
}

window.__benchPeer = {
  chestTime,
  threads,
  isolated: crossOriginIsolated,
  appInit: () => ensureBackend('wasm', threads),
  appHold: (request) => connect().holdLatencyModel(request),
  appTime: (runs) => connect().timeHeldModel(runs),
  appRelease: () => connect().releaseLatencyModel(),
  gemmPeak: async () => ({ simd: await peakOf(simdSt), relaxed: await peakOf(relaxedSt) }),
  tfjsInit: () => tfjs.initBackend('infer', 'wasm', { wasmThreads: threads, engine: 'tfjs-wasm' }),
  tfjsHold: (request) => tfjs.holdLatencyModel(request),
  tfjsTime: (runs) => tfjs.timeHeldModel(runs),
  tfjsRelease: () => tfjs.releaseLatencyModel(),
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
