/**
 * TorchXRayVision DenseNet-121 in the X-ray panel on our engine (`npm run bench -- --only chest`):
 * `predictImages` on one PNG with Grad-CAM (decode, preprocess, forward with features, channel
 * weights, maps), end to end per image, at 1 and 2 engine threads and on tfjs-wasm's fused path
 * (engine off), in Node (this process) and in Chromium (the app's worker in bench/chest.html,
 * whose `chestTime` runs the same calls). Each row says which runtime ran (in Node, what compiled
 * the model itself), and checks that the probabilities are finite and a Grad-CAM map came back.
 * Target (issue 20): ≤ 450 ms at 2 threads in the browser; before the engine it was 989 ms at 1
 * thread in Node on the tfjs-wasm path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Browser } from '@playwright/test';
import { XRAYS_DIR } from '../../src/test/testData.ts';
import { rebuildBigFixture } from '../../src/test/torchFixtures.ts';
import { useNodeEngine } from '../../src/cli/wasmEngine.ts';
import {
  disposeCpuEngine,
  setEngineHost,
  startCpuEngine,
} from '../../src/worker/engine/engineHost.ts';
import { predictImages } from '../../src/worker/inference/inference.ts';
import { disposeAllModels, fusedOf } from '../../src/worker/models/models.ts';
import { loadCheckpoint } from '../../src/worker/weights/checkpointApi.ts';
import { BASE_URL } from './browser.ts';
import type {} from './chestPage.ts';
import { timeImages, type ChestStages } from './chestStages.ts';

/** One configuration's per-image time. */
export interface ChestEngineRow {
  readonly where: 'node' | 'browser';
  /** What ran the forward pass. */
  readonly runtime: string;
  readonly threads: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly runsMs: readonly number[];
  /** Median ms of each stage the worker reports. */
  readonly stagesMs: Readonly<Record<keyof ChestStages, number>>;
  /** Probabilities finite and a Grad-CAM map present in every run. */
  readonly ok: boolean;
}

const FIXTURE = 'xrv_densenet121_module_zip' as const;
const IMAGE = 'nih_00000001_000.png';

const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const stageMedians = (s: ChestStages): Record<keyof ChestStages, number> => ({
  decode: median(s.decode),
  prepare: median(s.prepare),
  forward: median(s.forward),
  saliency: median(s.saliency),
  read: median(s.read),
});

/** Registers the DenseNet, runs warm-up + `runs` images; returns times and the checks. */
async function timePanel(
  runs: number,
): Promise<{ times: number[]; stages: ChestStages; ok: boolean; ran: string }> {
  const { bytes } = rebuildBigFixture(FIXTURE);
  const r = await loadCheckpoint({
    source: { kind: 'buffer', buffer: new Uint8Array(bytes).buffer, name: `${FIXTURE}.pt` },
  });
  if (!r.ok) throw new Error(r.refusal.sentence);
  const png = readFileSync(path.join(XRAYS_DIR, IMAGE));
  const { times, stages, ok } = await timeImages(runs, async () => {
    const [out] = await predictImages(
      [{ name: IMAGE, bytes: new Uint8Array(png).buffer }],
      [r.modelId],
    );
    return out;
  });
  const ran = fusedOf(r.modelId).runtime; // what compiled this model, not only what started
  disposeAllModels();
  return { times, stages, ok, ran };
}

/**
 * @param runs timed images per configuration
 * @returns tfjs-wasm fused, then the engine at 1 and 2 threads, in Node
 */
export async function nodeEngineRows(runs: number): Promise<ChestEngineRow[]> {
  await tf.setBackend('wasm');
  const rows: ChestEngineRow[] = [];
  for (const threads of [0, 1, 2]) {
    disposeCpuEngine();
    if (threads === 0) setEngineHost(null);
    else useNodeEngine();
    const state = await startCpuEngine({ threads: Math.max(1, threads), isolated: true });
    const { times, stages, ok, ran } = await timePanel(runs);
    rows.push({
      where: 'node',
      runtime: ran === state.runtime ? ran : `${ran} (the worker started ${state.runtime})`,
      threads: state.engine === null ? 1 : state.threads,
      medianMs: median(times),
      minMs: Math.min(...times),
      runsMs: times,
      stagesMs: stageMedians(stages),
      ok,
    });
  }
  disposeCpuEngine();
  setEngineHost(null);
  return rows;
}

/**
 * In Chromium: the app's worker in bench/chest.html at each thread count.
 * @param browser a launched browser (test build served)
 * @param runs timed images per thread count
 * @returns one row per thread count
 */
export async function browserEngineRows(browser: Browser, runs: number): Promise<ChestEngineRow[]> {
  const weights = new Uint8Array(rebuildBigFixture(FIXTURE).bytes);
  const png = readFileSync(path.join(XRAYS_DIR, IMAGE));
  const rows: ChestEngineRow[] = [];
  for (const threads of [1, 2]) {
    const page = await browser.newPage();
    await page.route('**/bench-chest/*', (route) =>
      route.fulfill({ body: Buffer.from(route.request().url().endsWith('.pt') ? weights : png) }),
    );
    await page.goto(`${BASE_URL}/bench/chest.html?threads=${threads}`);
    const r = await page.evaluate(
      ([n]) => window.__benchChest?.chestTime('/bench-chest/xrv.pt', '/bench-chest/x.png', n),
      [runs] as const,
    );
    await page.close();
    if (r === undefined) throw new Error('bench/chest.html is missing: not a test build');
    rows.push({
      where: 'browser',
      runtime: r.runtime,
      threads: r.threads,
      medianMs: median(r.times),
      minMs: Math.min(...r.times),
      runsMs: r.times,
      stagesMs: stageMedians(r.stages),
      ok: r.ok,
    });
  }
  return rows;
}

/**
 * @param where Node or the browser
 * @param rows the rows to print
 */
export function printEngineRows(where: string, rows: readonly ChestEngineRow[]): void {
  console.log(`\nTorchXRayVision DenseNet-121, one PNG end to end with Grad-CAM (${where}; ms)`);
  console.log(
    'runtime | threads | median | fastest | decode | prepare | forward | Grad-CAM | read | finite + Grad-CAM',
  );
  for (const r of rows) {
    const s = r.stagesMs;
    const split = [s.decode, s.prepare, s.forward, s.saliency, s.read].map((v) => v.toFixed(0));
    console.log(
      `${r.runtime} | ${r.threads} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${split.join(' | ')} | ${r.ok ? 'yes' : 'NO'}`,
    );
  }
  console.log("(stages: medians of the worker's own clock; the rest of the total is messaging)");
  const two = rows.find((r) => r.threads === 2 && r.runtime !== 'tfjs-wasm');
  const target = (ms: number): string => `target ≤ 450 ms: ${ms <= 450 ? 'met' : 'NOT met'}`;
  if (two)
    console.log(
      `engine at 2 threads: ${two.medianMs.toFixed(0)} ms (${where === 'Node' ? 'the target is for the browser' : target(two.medianMs)}); before the engine: 989 ms at 1 thread in Node on tfjs-wasm`,
    );
}
