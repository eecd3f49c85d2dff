/**
 * `npm run bench`: builds the app, serves it, measures in Debian's Chromium, prints tables and
 * writes bench-results/latest.json. Speed targets are checked here as ratios measured in the same
 * run, never in timed tests.
 *
 *   npm run bench                       # everything
 *   npm run bench -- --only bundle,zoo  # some sections
 *   BENCH_BACKENDS=wasm,webgl npm run bench -- --only zoo
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BackendName } from '../../src/worker/protocol.ts';
import { launchBrowser, run, startPreview } from './browser.ts';
import { measureBundle } from './bundle.ts';
import { measureFirstView } from './firstView.ts';
import { printBundle, printZoo } from './report.ts';
import { measureBackend, measureSlider } from './latency.ts';
import { runTorchBaseline } from './torch.ts';
import { benchWeights } from './weights.ts';
import { benchInference, printInference } from './inference.ts';

const SECTIONS = ['bundle', 'zoo', 'weights', 'inference'] as const;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = new Set((values.only?.split(',') ?? SECTIONS) as Section[]);
  const report: Record<string, unknown> = { date: new Date().toISOString() };

  // Node-side sections first (they print as they go).
  if (only.has('weights')) report.weights = await benchWeights();
  if (only.has('inference')) {
    const inference = await benchInference();
    printInference(inference);
    report.inference = inference;
  }
  if (!only.has('bundle') && !only.has('zoo')) return writeReport(report);

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
  } finally {
    await browser.close();
    preview.kill();
  }
  if (only.has('bundle')) printBundle(report);
  if (only.has('zoo')) printZoo(report);
  writeReport(report);
}

function writeReport(report: Record<string, unknown>): void {
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', JSON.stringify(report, null, 2));
  console.log('\nWrote bench-results/latest.json');
}

async function benchZoo(browser: Awaited<ReturnType<typeof launchBrowser>>) {
  const backends = (process.env.BENCH_BACKENDS ?? 'wasm,webgl,webgpu').split(',') as BackendName[];
  const browserLatency = [];
  // Software WebGL/WebGPU (SwiftShader) is slow here: fewer timed runs keep the bench under ~15 min.
  for (const backend of backends) {
    browserLatency.push(
      await measureBackend(browser, backend, undefined, backend === 'wasm' ? 5 : 3),
    );
  }
  return {
    slider: await measureSlider(browser),
    browserLatency,
    torchDefaultThreads: runTorchBaseline(0),
    torchOneThread: runTorchBaseline(1),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
