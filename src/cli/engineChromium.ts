/**
 * The chromium engine: headless Chromium opens the built app's runner page (dist/runner.html,
 * served from disk through Playwright's request routing, so no port is opened) and trains the
 * task there on WebGPU or WebGL with the app's own code; ImageNet weights, an in-domain
 * checkpoint and the resume checkpoint reach the page as bytes through the same routing. It refuses a software adapter
 * (SwiftShader, llvmpipe) unless --allow-software-gpu: a "GPU" run on the CPU would be slower than
 * the node engine and mislabelled. Nothing is downloaded: Chromium is CHROMIUM_PATH or Debian's.
 *
 * On NVIDIA nodes Chromium needs Vulkan: CHEXTRANSFER_CHROMIUM_ARGS="--enable-features=Vulkan
 * --use-angle=vulkan --disable-vulkan-surface" and the driver's graphics libraries (containers:
 * NVIDIA_DRIVER_CAPABILITIES including graphics). Untested here: this machine has no GPU.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { RunnerGpu, RunnerTask } from '../runner/runnerPage.ts';
import type { HeadlessOutput } from '../worker/training/headless.ts';
import { UsageError } from './command.ts';
import type { EngineOptions, EngineTask } from './run.ts';

// The built app: dist/ by default; CHEXTRANSFER_DIST points elsewhere (the browser tests use their
// own dist-test/ so they never touch a build the user is serving).
const DIST = path.resolve(
  process.env['CHEXTRANSFER_DIST'] ?? path.resolve(import.meta.dirname, '../../dist'),
);
const ORIGIN = 'http://localhost';

/** Flags every run uses; WebGPU is still behind a flag on Linux. */
const BASE_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** What marks a software rasteriser in an adapter's or renderer's description. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

/**
 * @param gpu what the runner page found
 * @returns why this is not a hardware GPU, or null when it is one
 */
export function softwareReason(gpu: RunnerGpu): string | null {
  const { backend } = gpu;
  if (backend.name === 'cpu' || backend.name === 'wasm')
    return `Chromium found no usable GPU backend (it fell back to ${backend.name})`;
  if (backend.name === 'webgpu') {
    const a = backend.adapter;
    const text = a ? `${a.vendor} ${a.architecture} ${a.description}` : '';
    if (a?.isFallbackAdapter || SOFTWARE.test(text))
      return `Chromium's WebGPU adapter is a software one (${text.trim() || 'fallback adapter'})`;
    return null;
  }
  return SOFTWARE.test(gpu.webglRenderer)
    ? `Chromium's WebGL renders in software (${gpu.webglRenderer})`
    : null;
}

async function serveDist(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const file = path.join(DIST, path.normalize(decodeURIComponent(url.pathname)));
  if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404 });
  return route.fulfill({
    body: readFileSync(file),
    contentType: TYPES[path.extname(file)] ?? 'application/octet-stream',
  });
}

async function serveRunner(route: Route, task: EngineTask): Promise<void> {
  const req = route.request();
  const url = new URL(req.url());
  if (url.pathname === '/__runner/log') {
    task.log(req.postData() ?? '');
    return route.fulfill({ status: 204 });
  }
  if (url.pathname === '/__runner/checkpoint' && req.method() === 'PUT') {
    const bytes = req.postDataBuffer();
    if (bytes === null) return route.fulfill({ status: 400 });
    await task.onCheckpoint(new Uint8Array(bytes), Number(url.searchParams.get('epoch')));
    return route.fulfill({ status: 204 });
  }
  const bodies: Readonly<Record<string, Uint8Array | ArrayBuffer | null | undefined>> = {
    '/__runner/checkpoint': task.resume,
    '/__runner/weights': task.weights,
    '/__runner/in-domain': task.inDomain?.bytes,
  };
  const body = bodies[url.pathname];
  if (body === undefined || body === null) return route.fulfill({ status: 404 });
  return route.fulfill({
    body: Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : body),
  });
}

async function openRunner(page: Page, task: EngineTask): Promise<void> {
  await page.route(`${ORIGIN}/__runner/**`, (route) => serveRunner(route, task));
  await page.route(`${ORIGIN}/**`, (route) =>
    new URL(route.request().url()).pathname.startsWith('/__runner/')
      ? route.fallback()
      : serveDist(route),
  );
  await page.goto(`${ORIGIN}/runner.html`);
  await page.waitForFunction(() => window.__chextransferRunner !== undefined, null, {
    timeout: 60_000,
  });
}

/** Gives the page a dataset zip or folder through its file inputs (read lazily from disk). */
async function giveDataset(page: Page, task: EngineTask): Promise<RunnerTask['datasetInput']> {
  const d = task.request.dataset;
  if (d.kind === 'synthetic') return null;
  const where = task.datasetPath;
  if (where === undefined) throw new Error('the chromium engine needs the dataset path');
  const zip = where.toLowerCase().endsWith('.zip');
  await page.setInputFiles(zip ? '#dataset' : '#dataset-folder', where);
  return zip ? 'zip' : 'folder';
}

/**
 * @param task the task
 * @param gpu what the page found
 * @param datasetInput which file input holds the dataset
 * @returns the task as JSON for the page (bytes travel through the /__runner endpoints)
 */
function runnerTaskOf(
  task: EngineTask,
  gpu: RunnerGpu,
  datasetInput: RunnerTask['datasetInput'],
): RunnerTask {
  return {
    request: task.request,
    runId: task.runId,
    runKey: task.runKey,
    hasResume: task.resume !== null,
    hasWeights: task.weights !== undefined,
    inDomain: task.inDomain ? { ...task.inDomain, bytes: null } : null,
    hasInDomainBytes: task.inDomain?.bytes != null,
    backend: gpu.backend.name,
    datasetInput,
  };
}

/**
 * @param task the task
 * @param opts whether a software adapter may be used
 * @returns the run's output, computed in the runner page
 * @throws UsageError when the runner page is not built or the GPU is software-only
 */
export async function runInChromium(
  task: EngineTask,
  opts: EngineOptions,
): Promise<HeadlessOutput> {
  if (!existsSync(path.join(DIST, 'runner.html')))
    throw new UsageError(`${DIST}/runner.html is missing: run 'npm run build' first`);
  const { chromium } = await import('playwright-core');
  const extra = (process.env['CHEXTRANSFER_CHROMIUM_ARGS'] ?? '').split(/\s+/).filter(Boolean);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [...BASE_ARGS, ...extra],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => task.log(`page error: ${e.message}`));
    await openRunner(page, task);
    const gpu = await page.evaluate(() => window.__chextransferRunner?.gpu());
    if (gpu === undefined) throw new Error('the runner page did not start');
    const soft = softwareReason(gpu);
    task.log(
      `chromium: ${gpu.backend.name}${gpu.webglRenderer ? `, WebGL renderer ${gpu.webglRenderer}` : ''}`,
    );
    if (soft !== null && !opts.allowSoftwareGpu)
      throw new UsageError(
        `${soft}. Use --engine node on machines without a GPU, or pass --allow-software-gpu to train on it anyway.`,
      );
    const runnerTask = runnerTaskOf(task, gpu, await giveDataset(page, task));
    const out = await page.evaluate((t) => window.__chextransferRunner?.run(t), runnerTask);
    if (out === undefined) throw new Error('the runner page returned nothing');
    return out;
  } finally {
    await browser.close();
  }
}
