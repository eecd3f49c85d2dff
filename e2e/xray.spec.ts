/**
 * X-ray inference in the browser: real chest X-rays (PNG, DICOM uncompressed and JPEG lossless),
 * out-of-distribution files (an MR, a photo) and a DICOM without pixels, through the worker on
 * WASM with a small random-init model. Checks results, warnings, the CSV export and that no
 * request leaves the origin or carries image data.
 */
import { readFileSync } from 'node:fs';
import type { Page, Request } from '@playwright/test';
import { CHEXPERT_TASKS } from '../src/study/types.ts';
import { expect, test } from './fixtures.ts';
import { XrayPage } from './pages/XrayPage.ts';
import { colouredPixels } from './pageTools.ts';

const CHEST = [
  'nih_00000001_000.png',
  'nih_00000002_000.png',
  'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm',
  'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm',
];
const DRAGGED = 'nih_00004387_000.png';
const MR = 'nema_MR2_mr_j2k.dcm';
const PHOTO = 'photo_rocket_publicdomain.jpg';
const SR = 'pydicom_reportsi_sr_nopixels.dcm';
const MODELS = 2;

/** A chest image: no OOD warning, both models side by side, each with 5 probabilities and its own overlay. */
async function expectChestCard(xray: XrayPage, name: string): Promise<void> {
  const card = xray.card(name);
  await expect(card.getByTestId('ood-warning')).toHaveCount(0);
  await expect(card.getByTestId('model-output')).toHaveCount(MODELS);
  const values = await card.getByTestId('probability').allTextContents();
  expect(values).toHaveLength(MODELS * CHEXPERT_TASKS.length);
  for (const v of values) expect(Number(v)).toBeGreaterThanOrEqual(0);
  for (const v of values) expect(Number(v)).toBeLessThanOrEqual(1);
  await expect(card.getByTestId('saliency-method')).toHaveCount(MODELS);
  for (const label of await card.getByTestId('saliency-method').allTextContents())
    expect(label).toContain('Grad-CAM');
  for (let m = 0; m < MODELS; m++) {
    expect(await colouredPixels(card.getByTestId('saliency-canvas').nth(m))).toBeGreaterThan(1000);
  }
}

/** Clicks the export button and reads the saved CSV. */
async function exportCsv(page: Page, xray: XrayPage): Promise<string> {
  const download = page.waitForEvent('download');
  await xray.exportButton.click();
  return readFileSync(await (await download).path(), 'utf8');
}

test('a batch of X-rays: probabilities, saliency, OOD warnings, errors, CSV, no upload', async ({
  page,
}) => {
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await xray.createModel('mobilenetv2_100', 8);
  await xray.createModel('resnet18', 4);
  await expect(xray.models).toHaveCount(2);
  await expect(xray.backendLabel).toContainText('Backend: wasm');
  await expect(page.getByTestId('model-warning').first()).toContainText('Random weights');
  await expect(page.getByTestId('privacy-note')).toContainText('never leave this machine');

  const origin = new URL(page.url()).origin;
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));

  await xray.pickFiles([...CHEST, MR, PHOTO, SR]);
  await xray.dropFiles([DRAGGED]);
  const total = CHEST.length + 4;
  await expect(xray.queueRows).toHaveCount(total);
  await expect(xray.progress).toHaveText(`Done: ${total - 1} of ${total} files processed`, {
    timeout: 100_000,
  });

  // The SR has no pixels: a clear error row, and the files after it still ran.
  await expect(xray.queueRow(SR)).toHaveAttribute('data-status', 'error');
  // One message style: the plain sentence shows, the technical detail waits in a closed <details>.
  const refusal = xray.queueRow(SR).locator('.refusal');
  await expect(refusal.locator('.refusal-sentence')).toHaveText(
    'This DICOM file holds no image (Modality SR): it is a document or other non-image object, so there is nothing to analyse.',
  );
  await expect(refusal.locator('details p')).toBeHidden();
  await expect(refusal.locator('details p')).toContainText(
    /^no-pixel-data no Pixel Data \(7FE0,0010\)/,
  );
  await expect(xray.queueRow(DRAGGED)).toHaveAttribute('data-status', 'done');

  for (const name of [...CHEST, DRAGGED]) await expectChestCard(xray, name);

  // The Grad-CAM map opens full size on click, drawn at the thumbnail's own resolution.
  const overlay = xray
    .card(CHEST[0] ?? '')
    .getByTestId('saliency-canvas')
    .first();
  expect((await overlay.boundingBox())?.width ?? 0).toBeLessThanOrEqual(320);
  await overlay.click();
  const zoom = page.locator('[data-testid="saliency-zoom"][open]');
  await expect(zoom).toBeVisible();
  const full = zoom.getByTestId('saliency-canvas-full');
  expect(await full.evaluate((c: HTMLCanvasElement) => Math.max(c.width, c.height))).toBe(640);
  expect((await full.boundingBox())?.width ?? 0).toBeGreaterThan(320);
  expect(await colouredPixels(full)).toBeGreaterThan(1000);
  await zoom.getByRole('button', { name: 'Close' }).click();
  await expect(zoom).toHaveCount(0);

  // The threshold marks exactly the findings at or above it.
  await page.getByLabel(/Threshold/).fill('0.45');
  const first = xray.card(CHEST[0] ?? '');
  const shown = (await first.getByTestId('probability').allTextContents()).map(Number);
  await expect(first.locator('[data-testid="finding"].above')).toHaveCount(
    shown.filter((p) => p >= 0.45).length,
  );

  // Sorting the summary by a finding puts the highest first.
  await page.getByRole('button', { name: 'Cardiomegaly', exact: true }).click();
  const column = (await xray.summaryRows.locator('td:nth-of-type(3)').allTextContents())
    .map(Number)
    .filter((v) => !Number.isNaN(v));
  expect(column.length).toBe(MODELS * (CHEST.length + 1));
  expect(column).toEqual([...column].sort((a, b) => b - a));

  // Out of distribution: reasons first, output hidden until asked for.
  for (const [name, reason] of [
    [MR, 'Modality is MR'],
    [PHOTO, 'Colour image'],
  ] as const) {
    const card = xray.card(name);
    await expect(card.getByTestId('ood-warning')).toContainText(reason);
    await expect(card.getByTestId('probability')).toHaveCount(0);
    await card.getByRole('button', { name: 'Show the output anyway' }).click();
    await expect(card.getByTestId('probability')).toHaveCount(MODELS * CHEXPERT_TASKS.length);
  }

  // The MR's identifying tags are on the page (collapsed) and nowhere else.
  const mrTags = xray.card(MR).getByTestId('identifying-tags');
  await expect(mrTags).not.toHaveAttribute('open');
  const tagValues = (await mrTags.getByTestId('tag-value').allTextContents()).filter(
    (v) => v.length >= 3,
  );
  expect(tagValues).toContain('CompressedSamples^MR2');

  const csv = await exportCsv(page, xray);
  const lines = csv.trimEnd().split('\r\n');
  expect(lines).toHaveLength(1 + MODELS * (total - 1) + 1);
  for (const name of [...CHEST, DRAGGED, MR, PHOTO]) {
    expect(lines.filter((l) => l.startsWith(`${name},`))).toHaveLength(MODELS);
  }
  expect(lines.filter((l) => l.startsWith(`${SR},`))).toHaveLength(1);
  // The JPEG-lossless transcode decodes bit-identically (MANIFEST.md): same probabilities.
  const probs = (name: string): string[] =>
    lines.filter((l) => l.startsWith(`${name},`)).map((l) => l.split(',').slice(1, 8).join());
  expect(probs(CHEST[3] ?? '')).toEqual(probs(CHEST[2] ?? ''));
  for (const value of tagValues) expect(csv).not.toContain(value);
  for (const value of tagValues) expect(page.url()).not.toContain(value);

  // Every request since the drop: same origin, GET, no body (app assets, chunks, wasm only).
  for (const r of requests) {
    expect(new URL(r.url()).origin, r.url()).toBe(origin);
    expect(r.method(), r.url()).toBe('GET');
    expect(r.postData(), r.url()).toBeNull();
  }
});

test('cancel stops the batch, keeps what is shown, and the models come back', async ({ page }) => {
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await xray.createModel('resnet18', 6);
  await xray.pickFiles([CHEST[0] ?? '']);
  await expect(xray.queueRow(CHEST[0] ?? '')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await xray.pickFiles([CHEST[1] ?? '', MR, PHOTO]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Models rebuilt (same seeds, same weights)')).toBeVisible({
    timeout: 60_000,
  });
  await expect(xray.queueRows.and(page.locator('[data-status="cancelled"]'))).not.toHaveCount(0);
  await expect(xray.card(CHEST[0] ?? '').getByTestId('probability')).toHaveCount(5);
  await expect(xray.models).toHaveCount(1);
  // The rebuilt model has the same weights: the same file gives the same probabilities.
  const before = await xray
    .card(CHEST[0] ?? '')
    .getByTestId('probability')
    .allTextContents();
  await page.getByRole('button', { name: 'Clear results' }).click();
  await xray.pickFiles([CHEST[0] ?? '']);
  await expect(xray.queueRow(CHEST[0] ?? '')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  const after = await xray
    .card(CHEST[0] ?? '')
    .getByTestId('probability')
    .allTextContents();
  expect(after).toEqual(before);
  await expect(xray.backendLabel).toContainText('Backend: wasm');
});

test('the first view does not load the X-ray panel; opening its tab does', async ({ page }) => {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  expect(urls.filter((u) => u.includes('XrayPanel'))).toEqual([]);
  const xray = new XrayPage(page);
  await page.getByRole('tab', { name: 'X-ray inference' }).click();
  await expect(xray.createButton).toBeVisible();
  expect(urls.filter((u) => u.includes('XrayPanel')).length).toBeGreaterThan(0);
});

test('on WebGPU a card gives the GPU total, not a split of work that was only queued', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=webgpu');
  await expect(xray.backendLabel).toContainText(/Backend: (webgpu|webgl|wasm|cpu)/);
  const badge = (await xray.backendLabel.textContent()) ?? '';
  test.skip(!badge.includes('webgpu'), `WebGPU is not available here (${badge})`);
  await xray.createModel('mobilenetv2_100', 8);
  await xray.dropFiles([CHEST[0] ?? '']);
  const card = xray.card(CHEST[0] ?? '');
  await expect(card.getByTestId('model-timing')).toHaveText(
    /^forward and Grad-CAM on the GPU [\d.]+ ms \(queued in [\d.]+ ms, the rest waiting for the GPU\)$/,
    { timeout: 120_000 },
  );
  await expect(card.getByTestId('probability')).toHaveCount(5);
});
