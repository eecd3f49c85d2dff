/**
 * The Architecture Lab: counts follow the slider live, and latency is measured in the worker.
 */
import { formatParams } from '../src/ui/charts/format.ts';
import { tableRows } from '../src/ui/lab/compareNumbers.ts';
import { countTruncated } from '../src/zoo/analytic.ts';
import { CATALOG } from '../src/zoo/catalog.ts';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';

const exact = (n: number): string => n.toLocaleString('en-US');

test('moving the slider changes the counts to the analytic values', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.archSelect.selectOption('resnet18');
  const full = countTruncated('resnet18', { unitsRemoved: 0, numClasses: 5 });
  await expect(lab.params).toHaveText(exact(full.trainable));
  // At full depth there is no reduction to state.
  await expect(lab.ratio).toHaveText(
    'Full model: no units removed. Move the slider to truncate it.',
  );
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
  await expect(cells.nth(1)).toHaveText('wasm · relaxed SIMD'); // the engine ran it
  expect(Number(await cells.nth(2).textContent())).toBeGreaterThan(0);
});

test('the comparison of up to four architectures enters the permalink', async ({
  page,
  api,
  context,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.archSelect.selectOption('resnet18');
  await lab.compareWith(['MNASNet', 'EfficientNetB0']);
  const archs = ['resnet18', 'mnasnet_100', 'efficientnet_b0'] as const;
  const expected = tableRows([...archs]);
  await expect(lab.compareRows).toHaveCount(expected.length);
  // Each row: the architecture at a share of its units, with the analytic parameter count.
  for (const [i, r] of expected.entries()) {
    const cells = lab.compareRows.nth(i).locator('td');
    await expect(cells.nth(0)).toHaveText(`${r.depth.unitsKept} of ${r.unitsTotal}`);
    const count = countTruncated(r.arch, { unitsRemoved: r.depth.unitsRemoved, numClasses: 5 });
    await expect(cells.nth(1)).toHaveText(formatParams(count.trainable));
  }
  // A fourth is the limit: the other boxes are disabled until one is unticked.
  await lab.compareWith(['DenseNet121']);
  await expect(lab.compareBox('ResNet50')).toBeDisabled();
  await lab.compareBox('DenseNet121').uncheck();
  await expect
    .poll(async () => {
      const [hash, link] = [await page.evaluate(() => location.hash), await api.getPermalink()];
      return hash === `#${link}` ? 'in sync' : `${hash} != #${link}`;
    })
    .toBe('in sync');
  const state = await api.getState();
  expect(state).toMatchObject({ view: 'lab', labArch: 'resnet18', labCompare: archs.slice(1) });

  // The link opens the same comparison in a fresh page.
  const other = await context.newPage();
  await other.goto(`/${await page.evaluate(() => location.hash)}`);
  const restored = new LabPage(other);
  await expect(restored.compareRows).toHaveCount(expected.length);
  await expect(restored.compareRows.locator('th')).toHaveText(
    expected.map((r) => CATALOG[r.arch].label),
  );
  expect(await other.evaluate(() => window.__explorer?.getState())).toEqual(state);
});

test('the comparison measures latency at every depth it lists', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  await lab.archSelect.selectOption('resnet18');
  await lab.compareWith(['MNASNet']);
  const rows = tableRows(['resnet18', 'mnasnet_100']).length;
  await page.getByRole('button', { name: `Measure all ${rows} latencies` }).click();
  await expect(lab.backendLabel).toContainText('Backend: wasm', { timeout: 60_000 });
  const latency = lab.compareRows.locator('td:nth-child(5)');
  await expect(latency.filter({ hasText: /^\d+\.\d$/ })).toHaveCount(rows, { timeout: 180_000 });
  // The chart plots the measured points, one per row.
  await page.getByLabel('Measured latency (ms, median)').check();
  await expect(page.locator('.compare-chart .recharts-line-dot')).toHaveCount(rows);
});
