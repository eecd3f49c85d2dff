/**
 * ImageNet weights in the Lab: load by URL (size first, then the cache), by file picker and by
 * drop; a wrong file is refused and what was loaded stays. The files are synthetic fixtures that
 * the test build emits (scripts/vite/testFixtures.ts); expectations are recomputed here by the
 * same pure matcher the worker uses.
 */
import {
  FIXTURE_ARCH,
  FIXTURE_FILE,
  FIXTURE_UNITS_REMOVED,
  SLOW_BYTES,
  SLOW_FIXTURE_FILE,
  WRONG_FIXTURE_FILE,
} from '../scripts/vite/testFixtures.ts';
import { formatBytes, removedByTruncation } from '../src/ui/weights/weightsText.ts';
import { matchWeights } from '../src/zoo/weights/match.ts';
import { parseSafetensors } from '../src/zoo/weights/safetensors.ts';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';
import { WeightsPage } from './pages/WeightsPage.ts';

test('ImageNet weights load by URL, picker and drop; a wrong file is refused', async ({ page }) => {
  test.setTimeout(90_000);
  const good = await (await page.request.get(`/${FIXTURE_FILE}`)).body();
  const wrong = await (await page.request.get(`/${WRONG_FIXTURE_FILE}`)).body();
  const opts = { numClasses: 5, unitsRemoved: FIXTURE_UNITS_REMOVED };
  const { report } = matchWeights(FIXTURE_ARCH, parseSafetensors(new Uint8Array(good)), opts);
  const removed = removedByTruncation(report).length;
  expect(removed).toBeGreaterThan(0); // the fixture carries a removed unit's tensors

  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  await lab.archSelect.selectOption(FIXTURE_ARCH);
  await lab.removeUnits(FIXTURE_UNITS_REMOVED);
  const weights = new WeightsPage(page);
  await weights.card.getByRole('button', { name: 'Check cache' }).click();
  await expect(weights.cacheStatus).toContainText('Cache: 0 files');

  // URL: size first, then download and load
  await weights.urlInput.fill(`/${FIXTURE_FILE}`);
  await weights.checkSizeButton.click();
  await expect(weights.downloadSize).toHaveText(`Download size: ${formatBytes(good.byteLength)}`);
  await weights.loadUrlButton.click();
  await expect(weights.loadedFile).toContainText('downloaded', { timeout: 60_000 });
  await expect(weights.backendLabel).toContainText('Backend: wasm');
  await expect(weights.scheme).toHaveText(report.scheme);
  await expect(weights.tensorsLoaded).toHaveText(String(report.loaded));
  await expect(weights.head).toHaveText('re-initialised (5 outputs)');
  await expect(weights.removed).toContainText(`${removed} tensors`);
  await expect(weights.loaded).toContainText('The head is untrained');
  // served from this test, not the catalog's Hugging Face repository: the shapes fit, no more
  await expect(weights.card.getByTestId('loaded-weights-verified')).toContainText(
    'no: nothing ties its values to a published set of weights',
  );
  await expect(weights.cacheStatus).toContainText('Cache: 1 file');

  // File picker, then a real drop onto the card, whose accessible name says it takes one
  await expect(
    page.getByRole('region', {
      name: 'ImageNet weights: drop a .safetensors file on this card to load it',
      exact: true,
    }),
  ).toBeVisible();
  await weights.pickFile('picked.safetensors', good);
  await expect(weights.loadedFile).toContainText('picked.safetensors (');
  await expect(weights.loadedFile).toContainText('local file');
  await expect(weights.tensorsLoaded).toHaveText(String(report.loaded));
  await weights.dropFileFrom(`/${FIXTURE_FILE}`, 'dropped.safetensors');
  await expect(weights.loadedFile).toContainText('dropped.safetensors (');

  // A wrong file: refused in plain words (detail collapsed), in the same stable status region
  // that announced the load before, and the card still shows the weights loaded before
  await expect(weights.message).toContainText('Loaded dropped.safetensors');
  const region = await weights.status.elementHandle();
  await weights.pickFile('densenet.safetensors', wrong);
  await expect(weights.message.locator('.refusal-sentence')).toHaveText(
    `This file holds densenet121 weights, not ${FIXTURE_ARCH}'s, so nothing was loaded: choose ${FIXTURE_ARCH} weights or switch the architecture to densenet121. The weights loaded before are unchanged.`,
  );
  await expect(weights.message).toHaveAttribute('data-code', 'WRONG_ARCH');
  const detail = weights.message.locator('details');
  await expect(detail).not.toHaveAttribute('open');
  await expect(detail.locator('p')).toBeHidden();
  await detail.locator('summary').click();
  await expect(detail.locator('p')).toContainText('backbone tensors match');
  expect(await weights.status.evaluate((el, before) => el === before, region)).toBe(true);
  await expect(weights.status).toHaveAttribute('role', 'status');
  await expect(weights.loadedFile).toContainText('dropped.safetensors (');

  // The same URL again comes from the browser cache; Clear cache empties it
  await weights.loadUrl(`/${FIXTURE_FILE}`);
  await expect(weights.loadedFile).toContainText('from cache');
  await weights.clearCacheButton.click();
  await expect(weights.cacheStatus).toContainText('Cache: 0 files');
});

test('a slow download shows progress and Cancel stops it, keeping what was loaded', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const good = await (await page.request.get(`/${FIXTURE_FILE}`)).body();
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  await lab.archSelect.selectOption(FIXTURE_ARCH);
  await lab.removeUnits(FIXTURE_UNITS_REMOVED);
  const weights = new WeightsPage(page);
  await weights.pickFile('picked.safetensors', good);
  await expect(weights.loadedFile).toContainText('picked.safetensors (', { timeout: 40_000 });
  await expect(weights.backendLabel).toContainText('Backend: wasm');

  await weights.loadUrl(`/${SLOW_FIXTURE_FILE}`);
  const progress = weights.card.getByRole('status').filter({ hasText: 'Downloaded' });
  await expect(progress).toContainText(` of ${formatBytes(SLOW_BYTES)} (`);
  await weights.card.getByRole('button', { name: 'Cancel' }).click();
  await expect(weights.message).toHaveText('Download cancelled: nothing was loaded.');
  await expect(progress).toHaveCount(0);
  await expect(weights.loadedFile).toContainText('picked.safetensors (');
  await expect(weights.cacheStatus).toContainText('Cache: 0 files');
});
