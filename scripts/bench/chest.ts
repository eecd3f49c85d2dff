/**
 * Chest-X-ray models (`npm run bench -- --only chest`), in Node:
 * 1. loading a 28 MB TorchXRayVision DenseNet-121 checkpoint (its class saved whole by torch.save,
 *    legacy and zip; synthetic weights rebuilt byte for byte from the committed recipe, or the file
 *    given in BENCH_XRV_FILE, e.g. one written by scripts/fixtures/xrv_fixtures.py or a published
 *    one): read (unzip/unpickle/pack), detect, build, load, each timed, and the peak resident
 *    memory the load added, measured in a fresh process per file (chestLoad.ts);
 * 2. the X-ray panel's inference (`predictImages`: decode, preprocess, forward, Grad-CAM) on the
 *    fused path and on the previous tf.LayersModel path, in the same run, alternating, for every
 *    model kind: TorchXRayVision DenseNet-121 (1 channel, 18 outputs) and ResNet-50 (512 px), and
 *    random-init zoo models (3 channels, 5 outputs). WASM backend (XNNPACK, one thread in Node);
 *    a browser on a real GPU will differ.
 * 3. TorchXRayVision DenseNet-121 end to end per image with Grad-CAM on our engine (chestEngine.ts)
 *    at 1 and 2 threads, against tfjs-wasm's fused path, in Node here and in the browser (the
 *    app's worker, in bench/peer.html) from run.ts. BENCH_CHEST_ENGINE_ONLY=1 runs only these.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { XRAYS_DIR } from '../../src/test/testData.ts';
import { rebuildBigFixture, type BigFixture } from '../../src/test/torchFixtures.ts';
import { predictImages } from '../../src/worker/inference/inference.ts';
import { createModel, disposeAllModels } from '../../src/worker/models/models.ts';
import { loadCheckpoint } from '../../src/worker/weights/checkpointApi.ts';
import type { ChestLoadRow } from './chestLoad.ts';
import { nodeEngineRows, printEngineRows, type ChestEngineRow } from './chestEngine.ts';

/** One model kind's panel latency on both paths. */
export interface PanelLatencyRow {
  readonly model: string;
  readonly fusedMs: number;
  readonly layersMs: number;
  readonly runs: number;
}

const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

function loadRows(): ChestLoadRow[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-chest-'));
  const given = process.env.BENCH_XRV_FILE;
  const files: [string, string][] = given
    ? [[path.basename(given), given]]
    : (['xrv_densenet121_module_legacy', 'xrv_densenet121_module_zip'] as BigFixture[]).map(
        (name) => {
          const file = path.join(dir, `${name}.pt`);
          writeFileSync(file, rebuildBigFixture(name).bytes);
          return [name, file];
        },
      );
  return files.map(([label, file]) => {
    const out = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'scripts/bench/chestLoad.ts', file, label],
      { encoding: 'utf8' },
    );
    if (out.status !== 0) throw new Error(`chestLoad failed: ${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as ChestLoadRow;
  });
}

async function registerModels(): Promise<string[]> {
  const ids: string[] = [];
  for (const name of ['xrv_densenet121_module_zip', 'xrv_resnet50_state_zip'] as const) {
    const { bytes } = rebuildBigFixture(name);
    const r = await loadCheckpoint({
      source: { kind: 'buffer', buffer: new Uint8Array(bytes).buffer, name: `${name}.pt` },
    });
    if (!r.ok) throw new Error(r.refusal.sentence);
    ids.push(r.modelId);
  }
  for (const arch of ['densenet121', 'resnet50', 'mobilenetv3_large_100'])
    ids.push(createModel({ arch, unitsRemoved: 0, numClasses: 5, init: 'random', seed: 1 }).id);
  return ids;
}

async function panelRows(runs: number): Promise<PanelLatencyRow[]> {
  await tf.setBackend('wasm');
  const ids = await registerModels();
  const bytes = readFileSync(path.join(XRAYS_DIR, 'nih_00000001_000.png'));
  const file = () => ({ name: 'x.png', bytes: new Uint8Array(bytes).buffer });
  const rows: PanelLatencyRow[] = [];
  for (const id of ids) {
    const times = { fused: [] as number[], layers: [] as number[] };
    for (let i = 0; i <= runs; i++)
      for (const p of ['fused', 'layers'] as const) {
        const t0 = performance.now();
        await predictImages([file()], [id], { path: p });
        if (i > 0) times[p].push(performance.now() - t0); // run 0 warms up (and compiles)
      }
    rows.push({ model: id, fusedMs: median(times.fused), layersMs: median(times.layers), runs });
  }
  disposeAllModels();
  return rows;
}

/**
 * Measures and prints both tables.
 * @returns the rows, for bench-results/latest.json
 */
export async function benchChest(): Promise<{
  load: ChestLoadRow[];
  panel: PanelLatencyRow[];
  engine: ChestEngineRow[];
}> {
  if (process.env.BENCH_CHEST_ENGINE_ONLY === '1') {
    // only the engine rows (a short run beside other measurements): no load or panel tables
    const engine = await nodeEngineRows(Number(process.env.BENCH_CHEST_RUNS ?? 5));
    printEngineRows('Node', engine);
    return { load: [], panel: [], engine };
  }
  const load = loadRows();
  const f = (v: number): string => v.toFixed(0);
  console.log('\nChest-X-ray checkpoint load (Node, tfjs cpu; fresh process per file)');
  console.log(
    'file | MB | read ms | detect ms | build ms | load ms | total ms | peak RSS added MB',
  );
  for (const r of load)
    console.log(
      `${r.label} | ${r.fileMb.toFixed(1)} | ${f(r.readMs)} | ${f(r.detectMs)} | ${f(r.buildMs)} | ${f(r.loadMs)} | ${f(r.totalMs)} | ${f(r.peakRssAddedMb)}`,
    );
  const engine = await nodeEngineRows(Number(process.env.BENCH_CHEST_RUNS ?? 5));
  printEngineRows('Node', engine);
  const panel = await panelRows(Number(process.env.BENCH_CHEST_RUNS ?? 5));
  console.log('\nX-ray panel inference, one PNG with Grad-CAM (Node, tfjs wasm; median ms)');
  console.log('model | fused | previous (LayersModel) | speed-up');
  for (const r of panel)
    console.log(
      `${r.model} | ${f(r.fusedMs)} | ${f(r.layersMs)} | ${(r.layersMs / r.fusedMs).toFixed(2)}x`,
    );
  return { load, panel, engine };
}
