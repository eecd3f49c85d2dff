/**
 * Entry of bench/chest.html (test builds only, see vite.config.ts): the X-ray panel's inference
 * in the app's own worker (through src/client) on WASM with `?threads=` threads, so its default
 * CPU path, the engine. `npm run bench -- --only chest` (scripts/bench/chestEngine.ts) serves the
 * TorchXRayVision DenseNet-121 checkpoint and a PNG, and times `predictImages` with Grad-CAM.
 */
import { connect, ensureBackend } from '../../src/client/studyClient.ts';
import { timeImages, type ChestStages } from './chestStages.ts';

/** One thread count's runs, and what ran them. */
export interface ChestPageResult {
  times: number[];
  /** The worker's own split of each timed run (the rest is messaging between page and worker). */
  stages: ChestStages;
  /** What the worker's CPU path runs (the engine's build or tfjs-wasm). */
  runtime: string;
  threads: number;
  /** Probabilities finite and a Grad-CAM map present in every run. */
  ok: boolean;
}

/** What the benchmark calls in the page. */
export interface ChestPageApi {
  chestTime: (weightsUrl: string, imageUrl: string, runs: number) => Promise<ChestPageResult>;
}

declare global {
  interface Window {
    __benchChest?: ChestPageApi;
  }
}

const threads = Number(new URLSearchParams(location.search).get('threads') ?? '1');

async function chestTime(weightsUrl: string, imageUrl: string, runs: number) {
  const info = await ensureBackend('wasm', threads);
  const api = connect();
  const buffer = await (await fetch(weightsUrl)).arrayBuffer();
  const loaded = await api.loadCheckpoint({
    source: { kind: 'buffer', buffer, name: 'xrv_densenet121_module_zip.pt' },
  });
  if (!loaded.ok) throw new Error(loaded.refusal.sentence);
  const image = await (await fetch(imageUrl)).arrayBuffer();
  const { times, stages, ok } = await timeImages(runs, async () => {
    const [out] = await api.predictImages(
      [{ name: 'x.png', bytes: image.slice(0) }],
      [loaded.modelId],
    );
    return out;
  });
  await api.disposeModel(loaded.modelId);
  const engine = info.wasm?.engine;
  const onEngine = engine !== undefined && engine.runtime !== 'tfjs-wasm';
  return {
    times,
    stages,
    runtime: engine?.runtime ?? 'tfjs-wasm',
    threads: onEngine ? engine.threads : (info.wasm?.threads ?? 1),
    ok,
  };
}

window.__benchChest = { chestTime };
