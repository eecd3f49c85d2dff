/**
 * The first screen: every chest X-ray study on CheXtransfer's questions, with per-study ρ beside
 * each chart and a pooled estimate only from 3 or more independent papers. Expected counts and
 * words come from the same pure code the app runs (src/study/evidence.ts, evidenceText.ts) on the
 * library, so the test checks that the page draws exactly what the data say.
 */
import { ARCHITECTURES } from '../src/study/architectures.ts';
import { evidenceChart } from '../src/study/evidence.ts';
import { answerSentence } from '../src/study/evidenceText.ts';
import { studyStyle } from '../src/ui/evidence/studyStyle.ts';
import type { EvidenceInput } from '../src/study/evidence.ts';
import { PUBLISHED_STUDIES } from '../src/study/library.ts';
import { MEDMNIST_CHEST } from '../src/study/studies/medmnistChest.ts';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { EvidencePage } from './pages/EvidencePage.ts';

const INPUT: EvidenceInput = {
  studies: PUBLISHED_STUDIES,
  archs: ARCHITECTURES,
  top1Set: 'paperEra',
  design: {},
  hiddenStudies: [],
};
const TOP1 = evidenceChart('top1-vs-auc', INPUT);
const PARAMS = evidenceChart('params-vs-auc', INPUT);
const MEDMNIST_POINTS = TOP1.points.filter((p) => p.studyId === MEDMNIST_CHEST.id).length;

test('the first screen draws every study’s points, without loading TensorFlow.js', async ({
  page,
}) => {
  const heavy: string[] = [];
  page.on('request', (r) => {
    if (/tfjs|tensorflow|worker|\.wasm/i.test(r.url())) heavy.push(r.url());
  });
  await page.goto('/');
  const ev = new EvidencePage(page);
  await expect(ev.heading).toBeVisible();
  await expect(page.getByLabel('Study', { exact: true })).toHaveValue('all-studies');
  await expect(ev.points('top1-vs-auc')).toHaveCount(TOP1.points.length);
  await expect(ev.points('params-vs-auc')).toHaveCount(PARAMS.points.length);
  expect(TOP1.points.length).toBeGreaterThan(20);
  await expect(ev.chart('top1-vs-auc').locator('.caption')).toContainText(
    `${TOP1.points.length} points from ${TOP1.studyIds.length} studies in ${TOP1.papers.length} papers`,
  );
  expect(heavy).toEqual([]);
});

test('a point’s tooltip names its study, dataset and metric', async ({ page }) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  await ev.points('top1-vs-auc').first().hover();
  const tip = ev.chart('top1-vs-auc').locator('.tooltip');
  await expect(tip).toContainText('Dataset:');
  await expect(tip).toContainText('Metric:');
  await expect(tip).toContainText('Source:');
});

test('no group with fewer than 3 independent papers shows a pooled ρ; reported ρ carry an interval', async ({
  page,
}) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  for (const [question, chart] of [
    ['top1-vs-auc', TOP1],
    ['params-vs-auc', PARAMS],
    ['boost-vs-params', evidenceChart('boost-vs-params', INPUT)],
  ] as const) {
    for (const section of chart.sections) {
      const pooled = ev.pooledRow(question, section.group);
      if (section.meta.k >= 3) {
        await expect(pooled.locator('.pooled-diamond')).toHaveCount(1);
        continue;
      }
      expect(section.meta.pooled).toBeNull();
      await expect(pooled).toContainText(section.meta.reason ?? 'missing reason');
      await expect(pooled.locator('.pooled-diamond')).toHaveCount(0);
      await expect(pooled).not.toContainText('ρ');
    }
  }
  await expect(ev.pooledRow('top1-vs-auc', 'pretrained')).toContainText(
    'not pooled: 1 independent paper; pooling needs at least 3 (eligible: 14 points, 2 studies, 1 paper)',
  );
  await expect(ev.reportedRow('top1-vs-auc', 'pretrained')).toContainText(
    'reported, not recomputable',
  );
  await expect(ev.reportedRow('top1-vs-auc', 'pretrained')).toContainText(
    'ρ = 0.06 [−0.46, 0.55]‡',
  );
  await expect(ev.reportedRow('top1-vs-auc', 'random')).toContainText('ρ = 0.08');
  await expect(ev.reportedRow('params-vs-auc', 'random')).toContainText('ρ = 0.79');
  await expect(ev.reportedRow('params-vs-auc', 'random')).toContainText(
    'source not verifiable here',
  );
  await expect(ev.reportedRow('boost-vs-params', 'pairs')).toContainText('ρ = −0.72');
  await expect(page.getByTestId('forest-top1-vs-auc')).toContainText(
    'computed here from the reported ρ and n',
  );
  // Studies with fewer than 4 architectures are listed, not pooled.
  await expect(ev.forest('top1-vs-auc', 'pretrained')).toContainText('not pooled: n = 2 < 4');
  // The two MedMNIST+ datasets are one paper, and the view says how they are combined.
  await expect(page.getByTestId('forest-top1-vs-auc')).toContainText(
    'MedMNIST+ ChestMNIST and MedMNIST+ PneumoniaMNIST are one paper',
  );
});

test('hovering a MedMNIST+ point names its paper', async ({ page }) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  const mine = ev.points('top1-vs-auc').and(page.locator(`[data-study="${MEDMNIST_CHEST.id}"]`));
  await expect(mine).toHaveCount(TOP1.points.filter((p) => p.studyId === MEDMNIST_CHEST.id).length);
  // Hover the first of its points that no other study's point covers.
  let hovered = false;
  for (const point of await mine.all()) {
    if (hovered) break;
    hovered = await point.hover({ trial: true, timeout: 1000 }).then(
      () => true,
      () => false,
    );
    if (hovered) await point.hover();
  }
  expect(hovered).toBe(true);
  const tip = ev.chart('top1-vs-auc').locator('.tooltip');
  await expect(tip).toContainText('MedMNIST+ ChestMNIST');
  await expect(tip.getByTestId('tooltip-paper')).toHaveText(
    `Paper: ${MEDMNIST_CHEST.paper?.label ?? 'missing'}`,
  );
});

test('at 1280×800 the question, the answer and the first chart’s forest rows are above the fold', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  const ev = new EvidencePage(page);
  const answer = page.getByTestId('evidence-answer');
  const style = studyStyle(PUBLISHED_STUDIES);
  await expect(answer).toHaveText(answerSentence(TOP1, style.labelOf));
  await expect(page.getByTestId('evidence-counts')).toContainText(
    `${TOP1.points.length} points in this chart`,
  );
  await expect(page.getByTestId('evidence-counts')).toContainText(
    `from ${TOP1.studyIds.length} studies in ${TOP1.papers.length} papers`,
  );
  await expect(ev.points('top1-vs-auc')).toHaveCount(TOP1.points.length);
  const bottom = async (l: Locator) => {
    const box = await l.boundingBox();
    if (!box) throw new Error('not laid out');
    return box.y + box.height;
  };
  expect(
    await bottom(page.getByRole('heading', { level: 2, name: /does a better ImageNet/ })),
  ).toBeLessThanOrEqual(800);
  expect(await bottom(answer)).toBeLessThanOrEqual(800);
  const rows = page.getByTestId('forest-top1-vs-auc').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(4);
  for (const row of await rows.all()) expect(await bottom(row)).toBeLessThanOrEqual(800);
  expect((await ev.points('top1-vs-auc').first().boundingBox())?.y ?? 9999).toBeLessThan(800);
  // The findings are one click away.
  await page.getByRole('link', { name: 'What CheXtransfer found ↓' }).click();
  await expect(page.locator('#findings')).toBeFocused();
});

test('the legend hides a study from the chart and from the pooling, and shows it again', async ({
  page,
}) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  const button = ev.studyButton('MedMNIST+ ChestMNIST');
  const pooled = ev.pooledRow('top1-vs-auc', 'pretrained');
  await expect(pooled).toContainText('eligible: 14 points, 2 studies, 1 paper');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(ev.points('top1-vs-auc')).toHaveCount(TOP1.points.length - MEDMNIST_POINTS);
  await expect(pooled).toContainText('eligible: 7 points, 1 study, 1 paper');
  await button.click();
  await expect(ev.points('top1-vs-auc')).toHaveCount(TOP1.points.length);
});

test('findings link to populated charts; truncation says how to make the data', async ({
  page,
}) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  await expect(page.getByTestId('finding-caveat').first()).toContainText('secondary source');
  await page.getByRole('link', { name: 'See the chart' }).nth(1).click();
  await expect(ev.chart('params-vs-auc')).toBeFocused();
  await expect(ev.points('params-vs-auc')).toHaveCount(PARAMS.points.length);
  await expect(page.getByTestId('finding-evidence').nth(1)).toContainText(
    'ImageNet-pretrained: not pooled: 1 independent paper',
  );
  const trunc = ev.chart('truncation');
  await expect(trunc).toContainText('Quick synthetic run');
  await trunc.getByRole('button', { name: 'Open the Train tab' }).click();
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveAttribute('aria-selected', 'true');
});

test('a permalink restores hidden studies and design choices in a new page', async ({
  page,
  api,
  context,
}) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  await ev.studyButton('CheXpert competition leaderboard').click();
  await page.getByText('Which configuration of each study is plotted').click();
  await page
    .getByRole('group', { name: `Design of ${MEDMNIST_CHEST.title}` })
    .getByLabel('Input resolution')
    .selectOption('128 px');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${await api.getPermalink()}`);
  const state = await api.getState();
  expect(state).toMatchObject({
    studyId: 'all-studies',
    hiddenStudies: ['chexpert-leaderboard'],
    designChoices: [`${MEDMNIST_CHEST.id}|resolution|128 px`],
  });
  const other = await context.newPage();
  await other.goto(`/${await page.evaluate(() => location.hash)}`);
  const ev2 = new EvidencePage(other);
  await expect(ev2.studyButton('CheXpert competition leaderboard')).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(other.getByTestId('forest-top1-vs-auc')).toContainText('128 px, end-to-end');
  expect(await other.evaluate(() => window.__explorer?.getState())).toEqual(state);
});
