/**
 * The first screen: every chest X-ray study on CheXtransfer's questions, with per-study ρ and a
 * random-effects pooled estimate beside each chart. Expected counts come from the same pure code
 * the app runs (src/study/evidence.ts) on the library, so the test checks that the page draws
 * exactly what the data say.
 */
import { ARCHITECTURES } from '../src/study/architectures.ts';
import { evidenceChart } from '../src/study/evidence.ts';
import type { EvidenceInput } from '../src/study/evidence.ts';
import { PUBLISHED_STUDIES } from '../src/study/library.ts';
import { MEDMNIST_CHEST } from '../src/study/studies/medmnistChest.ts';
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
    `${TOP1.points.length} points from ${TOP1.studyIds.length} studies`,
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

test('the forest plot pools per-study ρ and shows CheXtransfer’s ρ as a separate reported row', async ({
  page,
}) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  const pre = TOP1.sections.find((s) => s.group === 'pretrained');
  const pooled = ev.pooledRow('top1-vs-auc', 'pretrained');
  await expect(pooled).toContainText(`k = ${pre?.meta.k}`);
  await expect(pooled).toContainText((pre?.meta.pooled?.rho ?? NaN).toFixed(2).replace('-', '−'));
  await expect(pooled.locator('.pooled-diamond')).toHaveCount(1);
  await expect(ev.reportedRow('top1-vs-auc', 'pretrained')).toContainText(
    'reported, not recomputable',
  );
  await expect(ev.reportedRow('top1-vs-auc', 'pretrained')).toContainText('ρ = 0.06');
  await expect(ev.reportedRow('top1-vs-auc', 'random')).toContainText('ρ = 0.08');
  await expect(ev.reportedRow('params-vs-auc', 'random')).toContainText('ρ = 0.79');
  await expect(ev.reportedRow('boost-vs-params', 'pairs')).toContainText('ρ = −0.72');
  // Studies with fewer than 4 architectures are listed, not pooled.
  await expect(ev.forest('top1-vs-auc', 'pretrained')).toContainText('not pooled: n = 2 < 4');
});

test('the legend hides a study from the chart and from the pooling, and shows it again', async ({
  page,
}) => {
  await page.goto('/');
  const ev = new EvidencePage(page);
  const button = ev.studyButton('MedMNIST+ ChestMNIST');
  const k = TOP1.sections.find((s) => s.group === 'pretrained')?.meta.k ?? 0;
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(ev.points('top1-vs-auc')).toHaveCount(TOP1.points.length - MEDMNIST_POINTS);
  await expect(ev.pooledRow('top1-vs-auc', 'pretrained')).toContainText(`k = ${k - 1}`);
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
  await expect(page.getByTestId('finding-evidence').nth(1)).toContainText('pooled ρ');
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
  await expect(ev2.forest('top1-vs-auc', 'pretrained')).toContainText('128 px, end-to-end');
  expect(await other.evaluate(() => window.__explorer?.getState())).toEqual(state);
});
