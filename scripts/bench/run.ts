/**
 * `npm run bench`: builds the app, serves it, measures in Debian's Chromium, prints tables and
 * writes bench-results/latest.json. Speed targets are checked here as ratios measured in the same
 * run, never in timed tests.
 *
 *   npm run bench                       # everything
 *   npm run bench -- --only bundle,zoo  # some sections
 *   BENCH_BACKENDS=wasm,webgl npm run bench -- --only zoo
 *   BENCH_BACKENDS=webgl,cpu npm run bench -- --only training
 *   npm run bench -- --only chest       # chest-X-ray checkpoints: load cost, panel fused vs layers,
 *                                       # DenseNet + Grad-CAM on the engine, Node and browser
 *   npm run bench -- --only peer        # engine, tfjs-wasm, onnxruntime-web, PyTorch (peer.ts)
 *   npm run bench -- --only legend      # legend chip click to next frame, both legends
 *   npm run bench -- --only hostile     # largest legitimate images and tables vs the bombs (hostile.ts)
 *   npm run bench -- --only quickRun    # the Train tab's probe, then the quick preset per backend
 *                                       # (QUICK_BACKENDS=cpu,webgl; minutes each: not in the default)
 */
import './nodeRelaxed.ts'; // first: before any WebAssembly compiles
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { BackendName } from '../../src/worker/protocol.ts';
import { launchBrowser, run, startPreview } from './browser.ts';
import { measureBundle } from './bundle.ts';
import { measureFirstView } from './firstView.ts';
import { printBundle, printTraining, printZoo } from './report.ts';
import { benchTrainingSection, type TrainingReport } from './training.ts';
import { measureBackend, measureSlider } from './latency.ts';
import { runTorchBaseline } from './torch.ts';
import { ARCH_IDS } from '../../src/zoo/catalog.ts';
import { wasmThreadCount } from '../../src/worker/backend/threadCount.ts';
import { benchWeights } from './weights.ts';
import { benchInference } from './inference.ts';
import { benchChest } from './chest.ts';
import { browserEngineRows, printEngineRows } from './chestEngine.ts';
import { benchGrid } from './grid.ts';
import { benchPeer } from './peer.ts';
import { measureLegendClicks, printLegendClicks } from './legendClick.ts';
import { benchHostile } from './hostile.ts';
import { backendList, benchQuickRun } from './quickRun.ts';

const SECTIONS = [
  'bundle',
  'zoo',
  'weights',
  'inference',
  'chest',
  'training',
  'grid',
  'peer',
  'legend',
  'hostile',
  'quickRun',
] as const;
type Section = (typeof SECTIONS)[number];
/** Every section but the quick runs (several minutes per backend on a software GPU). */
const DEFAULT_SECTIONS = SECTIONS.filter((s) => s !== 'quickRun');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = new Set((values.only?.split(',') ?? DEFAULT_SECTIONS) as Section[]);
  const unknown = [...only].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}: ${SECTIONS.join(', ')}`);
  const report: Record<string, unknown> = { date: new Date().toISOString() };

  // Node-side sections first (they print as they go).
  if (only.has('weights')) report.weights = await benchWeights();
  if (only.has('inference')) {
    report.inference = await benchInference(); // prints its own tables
  }
  if (only.has('chest')) report.chest = await benchChest(); // prints its own tables
  if (only.has('grid')) report.grid = await benchGrid(); // prints its own lines
  if (only.has('hostile')) report.hostile = await benchHostile(); // prints its own table
  const browserSections = ['bundle', 'zoo', 'training', 'peer', 'legend', 'chest', 'quickRun'];
  if (!browserSections.some((s) => only.has(s as Section))) return writeReport(report);

  if (only.has('bundle')) {
    // A production build: what a person downloads.
    if ((await run('npx vite build --logLevel warn')) !== 0) throw new Error('vite build failed');
    report.bundle = measureBundle('dist');
  }
  // The test build exposes window.__explorer (the worker client) for the browser measurements.
  if ((await run('npx vite build --mode test --logLevel warn')) !== 0)
    throw new Error('vite build failed');
  const preview = await startPreview();
  const browser = await launchBrowser();
  try {
    if (only.has('bundle')) report.firstView = await measureFirstView(browser);
    if (only.has('zoo')) report.zoo = await benchZoo(browser);
    if (only.has('training')) report.training = await benchTrainingSection(browser);
    if (only.has('chest')) {
      const rows = await browserEngineRows(browser, Number(process.env.BENCH_CHEST_RUNS ?? 5));
      printEngineRows('Chromium, the app worker', rows);
      report.chestBrowser = rows;
    }
    if (only.has('peer')) report.peer = await benchPeer(browser); // prints and writes peer.json
    if (only.has('legend')) report.legend = await measureLegendClicks(browser);
    if (only.has('quickRun'))
      report.quickRun = await benchQuickRun(
        browser,
        backendList(process.env.QUICK_BACKENDS ?? 'cpu,webgl,webgpu'),
      );
  } finally {
    await browser.close();
    preview.kill();
  }
  if (only.has('bundle')) printBundle(report);
  if (only.has('zoo')) printZoo(report);
  if (only.has('training')) printTraining(report.training as TrainingReport);
  if (only.has('legend'))
    printLegendClicks(report.legend as Awaited<ReturnType<typeof measureLegendClicks>>);
  writeReport(report);
}

function writeReport(report: Record<string, unknown>): void {
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', JSON.stringify(report, null, 2));
  console.log('\nWrote bench-results/latest.json');
}

/**
 * WASM runs every architecture. Software WebGL/WebGPU (SwiftShader on a machine without a GPU)
 * takes seconds per image for the big models, so by default they run one model per family
 * (BENCH_GPU_ARCHS=all for all 16, or a comma list); on a real GPU set it to all.
 */
const DEFAULT_GPU_ARCHS = ['resnet18', 'mnasnet_100', 'efficientnet_b0', 'mobilenetv3_large_100'];

async function benchZoo(browser: Awaited<ReturnType<typeof launchBrowser>>) {
  const backends = (process.env.BENCH_BACKENDS ?? 'wasm,webgl,webgpu').split(',') as BackendName[];
  const gpuEnv = process.env.BENCH_GPU_ARCHS;
  const gpuArchs = gpuEnv === 'all' ? [...ARCH_IDS] : (gpuEnv?.split(',') ?? DEFAULT_GPU_ARCHS);
  const browserLatency = [];
  for (const backend of backends) {
    const wasm = backend === 'wasm';
    browserLatency.push(
      await measureBackend(browser, backend, wasm ? ARCH_IDS : gpuArchs, wasm ? 5 : 2),
    );
  }
  // WASM runs on every core (capped at 8) now that the page is cross-origin isolated: PyTorch
  // gets as many, pinned for OpenMP and OpenBLAS too; the report prints the count it used.
  const threads = wasmThreadCount(undefined, availableParallelism());
  return { slider: await measureSlider(browser), browserLatency, torch: runTorchBaseline(threads) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
