/**
 * The X-ray queue's journeys with models that come late: images dropped before any model wait
 * (never fail) beside a one-step offer, and run once a model is loaded; a model added while a
 * batch runs ends up with a row on every image, and the queue never says "Done" before.
 */
import type { Page } from '@playwright/test';
import { CHEST_MODELS } from '../src/zoo/chestCatalog.ts';
import { rebuildBigFixture } from '../src/test/torchFixtures.ts';
import { expect, test } from './fixtures.ts';
import { XrayPage } from './pages/XrayPage.ts';

const FIRST = 'nih_00000001_000.png';
const BATCH = ['nih_00000002_000.png', 'nih_00004387_000.png', 'nih_00004979_000.png', FIRST];

/** Serves the synthetic DenseNet-121 checkpoint at a catalog URL (no network here). */
async function serveCatalogFile(page: Page, url: string): Promise<void> {
  const { bytes } = rebuildBigFixture('xrv_densenet121_module_zip');
  const body = Buffer.from(bytes);
  await page.context().route(url, (route) =>
    route.fulfill({
      body,
      contentType: 'application/octet-stream',
      headers: { 'access-control-allow-origin': '*', 'content-length': String(body.length) },
    }),
  );
}

test('an X-ray dropped before any model waits, the offer loads a chest X-ray model, and the queued image is read', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await expect(xray.backendLabel).toContainText('wasm');
  await expect(xray.models).toHaveCount(0);

  await xray.dropFiles([FIRST]);
  await expect(xray.queueRow(FIRST)).toHaveAttribute('data-status', 'queued');
  await expect(xray.queueRow(FIRST)).toContainText('waiting for a model');
  await expect(xray.progress).toHaveAttribute('data-kind', 'waiting');
  await expect(xray.progress).toContainText('Waiting for a model: 1 file queued');
  const offer = page.getByTestId('first-model-offer');
  await expect(offer).toBeVisible();
  await expect(
    offer.getByRole('button', { name: /^Use an untrained ResNet-18 \(random weights, seed 1\)$/ }),
  ).toBeVisible();
  // nothing cached in a fresh browser: the catalog's general model is offered
  const general = CHEST_MODELS.find((m) => m.id === 'densenet121-res224-all');
  if (general === undefined) throw new Error('catalog');
  const download = offer.getByRole('button', {
    name: 'Download TorchXRayVision densenet121-res224-all (28.2 MB from GitHub)',
  });
  await expect(download).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('xray-first-drop.png'), fullPage: true });

  await serveCatalogFile(page, general.url.value);
  await download.click();
  // a download from the catalog's URL is the published file: labelled as trained
  await expect(page.getByTestId('chest-status')).toContainText(
    'Trained on chest X-rays (TorchXRayVision densenet121-res224-all)',
    { timeout: 120_000 },
  );
  await expect(xray.queueRow(FIRST)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const card = xray.card(FIRST);
  await expect(card.getByTestId('model-output')).toHaveCount(1);
  await expect(card.getByTestId('model-output')).toHaveAttribute(
    'data-model',
    'densenet121-res224-all',
  );
  await expect(page.getByTestId('first-model-offer')).toHaveCount(0);
  await expect(xray.progress).toHaveText('Done: 1 of 1 file processed');
  await page.screenshot({ path: testInfo.outputPath('xray-first-read.png'), fullPage: true });
});

test('the offer’s untrained model is labelled as such and reads the images that waited', async ({
  page,
}) => {
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await xray.pickFiles([FIRST, BATCH[0] ?? '']);
  await expect(xray.progress).toHaveAttribute('data-kind', 'waiting');
  await page.getByRole('button', { name: /^Use an untrained ResNet-18/ }).click();
  await expect(xray.models).toHaveCount(1);
  await expect(xray.models.first().getByTestId('model-warning')).toContainText('Random weights');
  await expect(xray.progress).toHaveText('Done: 2 of 2 files processed', { timeout: 90_000 });
  for (const name of [FIRST, BATCH[0] ?? ''])
    await expect(xray.card(name).getByTestId('model-warning')).toContainText('Random weights');
});

test('a model added mid-queue gets a row on every image; the queue says Done only then', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await xray.createModel('mobilenetv2_100', 8);
  await xray.pickFiles(BATCH);
  await expect(xray.queueRow(BATCH[0] ?? '')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await xray.createModel('resnet18', 6);
  const added = (await xray.models.nth(1).locator('code').textContent()) ?? '';
  expect(added).toMatch(/^resnet18-k6-/);
  // when the batch ends, every image shown either has the new model's row or the queue says
  // which images lack it, and offers to run them
  await expect(xray.progress).toHaveAttribute('data-kind', /^(done|incomplete)$/, {
    timeout: 90_000,
  });
  if ((await xray.progress.getAttribute('data-kind')) === 'incomplete') {
    await expect(xray.progress).toContainText(`have no output from ${added}`);
    await expect(xray.progress).not.toContainText('Done');
    await page.getByRole('button', { name: new RegExp(`^Run ${added} on \\d+ images?$`) }).click();
  }
  await expect(xray.progress).toHaveText(
    `Done: ${BATCH.length} of ${BATCH.length} files processed`,
    {
      timeout: 90_000,
    },
  );
  for (const name of BATCH) {
    const outputs = xray.card(name).getByTestId('model-output');
    await expect(outputs).toHaveCount(2);
    await expect(outputs.nth(1)).toHaveAttribute('data-model', added);
  }
});

test('at 1280×800 the drop zone is on the X-ray tab’s first screen, and so is the offer after a drop', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  // page coordinates, not the viewport's: the tab opens scrolled to the top
  const top = (l: typeof xray.dropZone) =>
    l.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const bottom = (l: typeof xray.dropZone) =>
    l.evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
  expect(await bottom(xray.dropZone)).toBeLessThan(800);
  await expect(page.getByTestId('xray-active-model')).toContainText('none selected yet');
  await xray.dropFiles([FIRST]);
  const offer = page.getByTestId('first-model-offer');
  await expect(offer).toBeVisible();
  const untrained = offer.getByRole('button', { name: /^Use an untrained ResNet-18/ });
  console.log(
    `drop zone ${(await top(xray.dropZone)).toFixed(0)}–${(await bottom(xray.dropZone)).toFixed(0)} px, offer ${(await top(offer)).toFixed(0)} px, its untrained button ends ${(await bottom(untrained)).toFixed(0)} px`,
  );
  expect(await top(offer)).toBeLessThan(800);
  // the model catalog still follows, whole, below
  await expect(page.getByRole('heading', { name: 'Chest X-ray models' })).toBeVisible();
  expect(await top(page.getByRole('heading', { name: 'Chest X-ray models' }))).toBeGreaterThan(
    await bottom(xray.dropZone),
  );
  await untrained.click();
  await expect(page.getByTestId('xray-active-model')).toContainText(
    'random weights: its outputs are meaningless',
    { timeout: 90_000 },
  );
});
