/**
 * The Architecture Lab: counts follow the slider live, and latency is measured in the worker.
 */
import { countTruncated } from '../src/zoo/analytic.ts';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';

const exact = (n: number): string => n.toLocaleString('en-US');

test('moving the slider changes the counts to the analytic values', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.archSelect.selectOption('resnet18');
  const full = countTruncated('resnet18', { unitsRemoved: 0, numClasses: 5 });
  await expect(lab.params).toHaveText(exact(full.trainable));
  await lab.removeUnits(2);
  const cut = countTruncated('resnet18', { unitsRemoved: 2, numClasses: 5 });
  await expect(lab.params).toHaveText(exact(cut.trainable));
  await expect(lab.ratio).toContainText(`${(full.trainable / cut.trainable).toFixed(2)}×`);
  // The lab state is part of the permalink: a reload restores it.
  // Wait for the debounced URL write of the current state, then reload.
  await page.waitForFunction(() => location.hash.slice(1) === window.__explorer?.getPermalink());
  await page.reload();
  await expect(lab.archSelect).toHaveValue('resnet18');
  await expect(lab.params).toHaveText(exact(cut.trainable));
});

test('latency measurement completes on the active backend', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  await lab.archSelect.selectOption('mobilenetv2_100');
  await lab.removeUnits(6);
  await lab.measureButton.click();
  await expect(lab.backendLabel).toContainText('Backend: wasm', { timeout: 60_000 });
  await expect(lab.latencyRows).toHaveCount(1, { timeout: 90_000 });
  const cells = lab.latencyRows.first().locator('td');
  await expect(cells.nth(0)).toHaveText('6');
  await expect(cells.nth(1)).toHaveText('wasm');
  expect(Number(await cells.nth(2).textContent())).toBeGreaterThan(0);
});
