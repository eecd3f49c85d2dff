/**
 * Exports and the data-table view: what a person takes away from a chart.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';

test('a chart exports SVG (with caption and legend), PNG and CSV, and has a data table', async ({
  explorer,
  page,
}) => {
  await explorer.chooseStudy('bliznashki-chexpert');
  const chart = explorer.chart('params-vs-auc');
  await expect(explorer.points('params-vs-auc')).toHaveCount(6);

  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const svgText = await readFile(await svg.path(), 'utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('DenseNet'); // the legend travels with the chart
  expect(svgText).toMatch(/Spearman|ρ/); // and so does the caption

  const [png] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const pngBytes = await readFile(await png.path());
  expect([...pngBytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split(/\r?\n/);
  expect(lines).toHaveLength(1 + 6); // header + one row per plotted point

  const toggle = chart.getByRole('button', { name: 'Show data table' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  const dataTable = chart.locator('table.data-table');
  await expect(dataTable).toBeVisible();
  await expect(dataTable.locator('tbody tr')).toHaveCount(6);
});
