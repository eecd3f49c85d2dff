/**
 * My runs: injected runs appear on the four study charts, survive a reload (IndexedDB), travel
 * through the permalink into a fresh browser profile, and export as CSV (one row per run).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { RunRecord } from '../src/study/runs.ts';
import { expect, test } from './fixtures.ts';
import type { ChartKey } from './pages/StudyExplorerPage.ts';
import { StudyExplorerPage } from './pages/StudyExplorerPage.ts';

function run(id: string, pretrained: boolean, meanAuc: number): RunRecord {
  return {
    id,
    finishedAt: `2026-11-26T0${pretrained ? 2 : 1}:00:00.000Z`,
    arch: 'densenet121',
    pretrained,
    unitsRemoved: 0,
    inputSize: 64,
    params: 6_958_981,
    epochs: 2,
    batchSize: 8,
    learningRate: 0.001,
    policy: 'U-Ones',
    dataset: {
      kind: 'synthetic',
      label: 'synthetic phantoms (n=400, seed 1)',
      trainImages: 400,
      validationImages: 100,
    },
    meanAuc,
    perTaskAuc: { Atelectasis: meanAuc, Cardiomegaly: meanAuc, Edema: null },
    history: [{ epoch: 1, trainLoss: 0.6, validationLoss: 0.62, meanAuc }],
    backend: 'cpu',
    durationMs: 1000,
    stopped: false,
  };
}

/** Expected My runs rows per chart: the boost chart pairs the two runs into one point. */
const EXPECTED: Record<ChartKey, number> = {
  'top1-vs-auc': 2,
  'params-vs-auc': 2,
  'boost-vs-params': 1,
  truncation: 2,
};

async function expectRunsOnCharts(explorer: StudyExplorerPage): Promise<void> {
  for (const [key, count] of Object.entries(EXPECTED) as [ChartKey, number][]) {
    const chart = explorer.chart(key);
    await expect(
      chart.getByRole('button', { name: /My runs: .*synthetic phantoms/ }),
    ).toBeVisible();
    await expect(
      explorer.page.getByTestId(`plot-${key}`).locator('.runs-series .recharts-scatter-symbol'),
    ).toHaveCount(count);
    const show = chart.getByRole('button', { name: 'Show data table' });
    if (await show.isVisible()) await show.click();
    const rows = chart
      .locator('table.data-table tbody tr')
      .filter({ hasText: /My runs: .*\(right axis\)/ });
    await expect(rows).toHaveCount(count);
  }
}

const runsOf = (page: Page) => page.evaluate(() => window.__explorer?.getRuns() ?? []);

test('My runs: on every chart, kept across reloads, shared by link, exported', async ({
  explorer,
  page,
  browser,
}) => {
  await explorer.chooseStudy('bliznashki-chexpert');
  const statCell = explorer.spearmanCell('logparams-vs-auc', 'pretrained');
  const statBefore = await statCell.textContent();
  const captionBefore =
    (await explorer.chart('params-vs-auc').locator('.caption').textContent()) ?? '';
  expect(statBefore).toMatch(/\d/);
  await page.evaluate(
    async (runs) => {
      for (const r of runs) await window.__explorer?.addRun(r);
    },
    [run('e2e-random', false, 0.61), run('e2e-pretrained', true, 0.74)],
  );
  await expectRunsOnCharts(explorer);
  // Statistics stay the study's own: the runs are not in the study's n.
  // The study's statistics never include My runs: same ρ, same caption plus the runs lines.
  expect(await statCell.textContent()).toBe(statBefore);
  const captionAfter = await explorer.chart('params-vs-auc').locator('.caption').textContent();
  expect(captionAfter?.startsWith(captionBefore)).toBe(true);
  expect(captionAfter).toContain('★ My runs: 2 point(s) against the right-hand axis');

  // The legend entry hides and shows the runs on every chart.
  await explorer
    .chart('params-vs-auc')
    .getByRole('button', { name: /My runs:/ })
    .click();
  await expect(page.locator('.runs-series')).toHaveCount(0);
  await explorer
    .chart('params-vs-auc')
    .getByRole('button', { name: /My runs:/ })
    .click();

  // The CSV of a chart includes the runs series.
  const [chartCsv] = await Promise.all([
    page.waitForEvent('download'),
    explorer.chart('params-vs-auc').getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const chartLines = (await readFile(await chartCsv.path(), 'utf8')).trim().split(/\r?\n/);
  expect(chartLines.filter((l) => l.includes('My runs:'))).toHaveLength(2);

  await page.reload();
  await explorer.studySelect.waitFor();
  await expect
    .poll(async () => (await runsOf(page)).map((r) => r.id).sort())
    .toEqual(['e2e-pretrained', 'e2e-random']);
  await expectRunsOnCharts(explorer);

  // My runs as a study of its own, with live statistics.
  await explorer.chooseStudy('my-runs-synthetic');
  await expect(explorer.points('params-vs-auc')).toHaveCount(2);
  await expect(page.locator('.runs-series')).toHaveCount(0);
  await explorer.chooseStudy('bliznashki-chexpert');

  // The permalink carries the runs into a fresh profile (empty IndexedDB).
  await expect
    .poll(() => page.evaluate(() => location.hash))
    .toBe(`#${await page.evaluate(() => window.__explorer?.getPermalink() ?? '')}`);
  const url = page.url();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  const otherExplorer = new StudyExplorerPage(other);
  await otherExplorer.studySelect.waitFor();
  await expectRunsOnCharts(otherExplorer);
  expect(await runsOf(other)).toEqual([]);
  await expect(other.getByTestId('my-runs-table').getByText('from link')).toHaveCount(2);

  // Export CSV from My runs: one row per run.
  const [csv] = await Promise.all([
    other.waitForEvent('download'),
    other.locator('.my-runs').getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split(/\r?\n/);
  expect(lines).toHaveLength(1 + 2);
  expect(lines[0]).toContain('mean_auc');
  await fresh.close();
});
