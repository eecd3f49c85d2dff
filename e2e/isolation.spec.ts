/**
 * Cross-origin isolation and threaded WASM in the production bundle (`vite build --mode test`,
 * minified like a release): the page is isolated, the threaded build starts its pthread Workers
 * without errors and measures latency on the thread count the badge shows; a host without the
 * headers still works, single-threaded, and says so; and a cross-origin weights download (a
 * second local origin with CORS, redirecting like Hugging Face) still works under isolation.
 */
import { createServer, type Server } from 'node:http';
import { FIXTURE_ARCH, FIXTURE_FILE, FIXTURE_UNITS_REMOVED } from '../scripts/vite/testFixtures.ts';
import { fixtureFiles } from '../scripts/vite/testFixtures.ts';
import { wasmThreadCount } from '../src/worker/backend/threadCount.ts';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';
import { WeightsPage } from './pages/WeightsPage.ts';
import { collectErrors, serveWithoutIsolation } from './pageTools.ts';

/** Measures the lab's latency for a small model; returns the median the table shows. */
async function measureMobileNet(lab: LabPage): Promise<number> {
  await lab.archSelect.selectOption('mobilenetv2_100');
  await lab.measureButton.click();
  await expect(lab.latencyRows).toHaveCount(1, { timeout: 90_000 });
  const median = Number(await lab.latencyRows.first().locator('td').nth(2).innerText());
  expect(median).toBeGreaterThan(0);
  return median;
}

const threadsLabel = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

test('the production bundle is cross-origin isolated and measures latency on threaded WASM', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const blobWorkers: string[] = [];
  page.on('worker', (w) => {
    if (w.url().startsWith('blob:')) blobWorkers.push(w.url());
  });
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = wasmThreadCount(undefined, cores);

  const median = await measureMobileNet(lab);
  await expect(lab.backendLabel).toHaveText(
    `Backend: wasm · relaxed SIMD · ${threadsLabel(threads)}`,
  );
  // The threaded build's pthreads are Workers started from blob: URLs; the single-threaded has none.
  expect(blobWorkers.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  test.info().annotations.push({
    type: 'latency',
    description: `MobileNetV2, batch 1, 224 px: median ${median} ms on ${threadsLabel(threads)} (${cores} logical cores)`,
  });
});

test('?threads=1 runs the threaded build on one thread', async ({ page }) => {
  const errors = collectErrors(page);
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&threads=1');
  await measureMobileNet(lab);
  await expect(lab.backendLabel).toHaveText('Backend: wasm · relaxed SIMD · 1 thread');
  expect(errors).toEqual([]);
});

test('without COOP/COEP the app runs single-threaded, says so, and still works', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const blobWorkers: string[] = [];
  page.on('worker', (w) => {
    if (w.url().startsWith('blob:')) blobWorkers.push(w.url());
  });
  await serveWithoutIsolation(page);
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

  await measureMobileNet(lab);
  await expect(lab.backendLabel).toHaveText(
    'Backend: wasm · relaxed SIMD · 1 thread (not cross-origin isolated: single-threaded)',
  );
  await expect(lab.backendLabel).toHaveAttribute('title', /not cross-origin isolated/);
  expect(blobWorkers).toEqual([]);

  // Weights still load (same origin, through the worker) on the single-threaded build.
  await lab.archSelect.selectOption(FIXTURE_ARCH);
  await lab.removeUnits(FIXTURE_UNITS_REMOVED);
  const weights = new WeightsPage(page);
  await weights.loadUrl(`/${FIXTURE_FILE}`);
  await expect(weights.loadedFile).toContainText('downloaded', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

/** The second origin: Hugging Face-like paths, CORS on, a redirect to a "CDN", and one without CORS. */
const OTHER_PORT = Number(process.env.CROSS_ORIGIN_PORT ?? 4195);
const OTHER = `http://127.0.0.1:${OTHER_PORT}`;
const HF_PATH = '/timm/resnet18.a1_in1k/resolve/main/model.safetensors';
const CDN_PATH = '/cdn/resnet18-k6.safetensors';
const NO_CORS_PATH = '/no-cors/model.safetensors';

function startOtherOrigin(bytes: Uint8Array): Promise<Server> {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'Range',
    'Access-Control-Expose-Headers': 'Content-Length, Content-Range, X-Linked-Size',
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (path === HF_PATH)
      return void res.writeHead(302, { ...cors, Location: `${OTHER}${CDN_PATH}` }).end();
    if (path !== CDN_PATH && path !== NO_CORS_PATH) return void res.writeHead(404).end();
    const head = { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length };
    res.writeHead(200, path === CDN_PATH ? { ...cors, ...head } : head);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  return new Promise((resolve) => server.listen(OTHER_PORT, '127.0.0.1', () => resolve(server)));
}

test.describe('cross-origin weights under isolation', () => {
  let server: Server;
  const fixture = fixtureFiles().find((f) => f.fileName === FIXTURE_FILE)?.source;
  test.beforeAll(async () => {
    if (!fixture) throw new Error(`no fixture ${FIXTURE_FILE}`);
    server = await startOtherOrigin(fixture);
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a CORS download from another origin (with a redirect) loads; one without CORS is refused', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open('?backend=wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await lab.archSelect.selectOption(FIXTURE_ARCH);
    await lab.removeUnits(FIXTURE_UNITS_REMOVED);
    const weights = new WeightsPage(page);

    // Without CORS the browser withholds the body: nothing loads, and the card says so.
    await weights.loadUrl(`${OTHER}${NO_CORS_PATH}`);
    await expect(weights.message).toBeVisible({ timeout: 60_000 });
    await expect(weights.loaded).toHaveCount(0);

    await weights.urlInput.fill(`${OTHER}${HF_PATH}`);
    await weights.checkSizeButton.click();
    await expect(weights.downloadSize).toContainText('Download size:');
    await weights.loadUrlButton.click();
    await expect(weights.loadedFile).toContainText('downloaded', { timeout: 60_000 });
    await expect(weights.backendLabel).toContainText('Backend: wasm · relaxed SIMD');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });
});
