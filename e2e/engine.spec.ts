/**
 * Our WebAssembly engine in the production bundle (`vite build --mode test`, minified): the Lab's
 * latency runs on relaxed SIMD on 2 threads (nested pool Workers started by the inference worker);
 * relaxed SIMD refused (`?engine=simd`) runs plain SIMD; a page that is not cross-origin isolated
 * runs one thread and says why; `?engine=tfjs-wasm` is the fallback the badge names; and a
 * TorchXRayVision DenseNet dropped on the X-ray panel reads an X-ray on the engine with finite
 * probabilities and a Grad-CAM overlay.
 */
import type { Page } from '@playwright/test';
import { rebuildBigFixture } from '../src/test/torchFixtures.ts';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';
import { XrayPage } from './pages/XrayPage.ts';
import { collectErrors, colouredPixels, dropServed, serveWithoutIsolation } from './pageTools.ts';

/**
 * Measures the Lab's latency for `arch`; returns the median the table shows (newest row first).
 * @param rows the rows the table has once this measurement is in
 */
async function measure(
  lab: LabPage,
  arch = 'mobilenetv2_100',
  rows = 1,
  runtime = 'wasm · relaxed SIMD',
): Promise<number> {
  await lab.archSelect.selectOption(arch);
  await lab.measureButton.click();
  await expect(lab.latencyRows).toHaveCount(rows, { timeout: 90_000 });
  // what ran this measurement's forward pass (the engine's build, or tfjs-wasm)
  await expect(lab.latencyRows.first().getByTestId('latency-runtime')).toHaveText(runtime);
  const median = Number(await lab.latencyRows.first().locator('td').nth(2).innerText());
  expect(median).toBeGreaterThan(0);
  return median;
}

/** The engine's pool threads: nested Workers named chextransfer-engine-<tid>. */
function engineWorkers(page: Page): string[] {
  const urls: string[] = [];
  page.on('worker', (w) => {
    if (/engineThread/.test(w.url())) urls.push(w.url());
  });
  return urls;
}

test('the production build measures latency on relaxed SIMD on 2 threads', async ({ page }) => {
  const errors = collectErrors(page);
  const threads = engineWorkers(page);
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&threads=2');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const median = await measure(lab);
  await expect(lab.backendLabel).toHaveText('Backend: wasm · relaxed SIMD · 2 threads');
  const resnet = await measure(lab, 'resnet50', 2);
  // one pool Worker besides the calling thread, started by the inference worker
  expect(threads).toHaveLength(1);
  expect(errors).toEqual([]);
  test.info().annotations.push({
    type: 'latency',
    description: `relaxed SIMD, 2 threads, batch 1, 224 px: MobileNetV2 ${median} ms, ResNet-50 ${resnet} ms (pool Workers seen: ${threads.length})`,
  });
});

test('relaxed SIMD refused: plain SIMD runs', async ({ page }) => {
  const errors = collectErrors(page);
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&threads=2&engine=simd');
  const median = await measure(lab, 'mobilenetv2_100', 1, 'wasm · SIMD');
  await expect(lab.backendLabel).toHaveText('Backend: wasm · SIMD · 2 threads');
  expect(errors).toEqual([]);
  test.info().annotations.push({
    type: 'latency',
    description: `plain SIMD, 2 threads: MobileNetV2 ${median} ms`,
  });
});

test('not cross-origin isolated: the engine runs one thread and says why', async ({ page }) => {
  const errors = collectErrors(page);
  const threads = engineWorkers(page);
  await serveWithoutIsolation(page);
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await measure(lab);
  await expect(lab.backendLabel).toHaveText(
    'Backend: wasm · relaxed SIMD · 1 thread (not cross-origin isolated: single-threaded)',
  );
  await expect(lab.backendLabel).toHaveAttribute('title', /not cross-origin isolated/);
  expect(threads).toEqual([]);
  expect(errors).toEqual([]);
});

test('?engine=tfjs-wasm runs the fallback and the badge names it', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&threads=2&engine=tfjs-wasm');
  await measure(lab, 'mobilenetv2_100', 1, 'wasm · tfjs-wasm');
  await expect(lab.backendLabel).toHaveText('Backend: wasm · tfjs-wasm · SIMD · 2 threads');
  await expect(lab.backendLabel).toHaveAttribute('title', /tfjs-wasm runs because/);
});

test('a TorchXRayVision DenseNet reads an X-ray on the engine: finite probabilities and a Grad-CAM', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm&threads=2');
  const chestZone = page.getByRole('group', { name: /PyTorch checkpoint/ });
  const { bytes } = rebuildBigFixture('xrv_densenet121_module_zip');
  await dropServed(page, chestZone, 'densenet121-res224-all.pt', bytes);
  await expect(xray.models.filter({ hasText: 'densenet121' })).toHaveCount(1, {
    timeout: 120_000,
  });
  await expect(xray.backendLabel).toContainText('relaxed SIMD · 2 threads');
  const started = Date.now();
  await xray.dropFiles(['nih_00000001_000.png']);
  const card = xray.card('nih_00000001_000.png');
  await expect(card.getByTestId('xray-card-status')).toHaveText('Read by 1 model.', {
    timeout: 120_000,
  });
  const ms = Date.now() - started;
  const values = await card.getByTestId('probability').allTextContents();
  expect(values.length).toBeGreaterThan(0);
  for (const v of values) expect(Number.isFinite(Number(v)) && v.trim() !== '').toBe(true);
  await expect(card.getByTestId('saliency-method')).toContainText('Grad-CAM');
  const coloured = await colouredPixels(card.getByTestId('saliency-canvas'));
  expect(coloured).toBeGreaterThan(500);
  // the card says where the worker's time went: decoding, inputs, models; the model its split
  const split = await card.getByTestId('xray-timing').textContent();
  expect(split).toMatch(
    /^Time on this device: [\d.]+ ms \(decoding [\d.]+ ms · model inputs [\d.]+ ms · models [\d.]+ ms\)$/,
  );
  await expect(card.getByTestId('model-timing')).toHaveText(
    /^forward [\d.]+ ms · Grad-CAM [\d.]+ ms · reading back [\d.]+ ms$/,
  );
  expect(errors).toEqual([]);
  test.info().annotations.push({
    type: 'latency',
    description: `DenseNet-121 (TorchXRayVision), one PNG dropped to card with Grad-CAM: ${ms} ms (first image, compile included); ${split}`,
  });
});
