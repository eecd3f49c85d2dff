/**
 * Training controls end to end, with tiny configurations (SwiftShader here): a WebGPU run through
 * the Train panel shows progress, a result and its My runs point; Cancel stops promptly and keeps
 * the epochs done; a malformed zip gets an alert and the data picked before stays; the worker's
 * tensor count returns to where it was once the trained model is disposed; a WebGPU device lost
 * mid-run (the worker's `loseDevice` test hook) continues on another backend through the panel.
 */
import { writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { CHEXPERT_HEADER, chexRow, pngBytes } from '../src/worker/testing/datasetFixture.ts';
import { expect, test } from './fixtures.ts';
import { TINY_RUN, TrainPage } from './pages/TrainPage.ts';

/** @returns the backend word of the panel's backend label, e.g. 'webgpu' */
async function panelBackend(train: TrainPage): Promise<string> {
  const text = (await train.backendLabel.textContent()) ?? '';
  return /Backend: (\w+)/.exec(text)?.[1] ?? '';
}

const epochsDone = (page: Page) =>
  page
    .getByTestId('train-result')
    .locator('dt', { hasText: 'Epochs done' })
    .locator('xpath=following-sibling::dd[1]');

test('a short WebGPU run shows progress, a result and its point on the study chart', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const train = new TrainPage(page);
  await train.open();
  await train.configure({ ...TINY_RUN, backend: 'webgpu' });
  await train.start();
  await expect(train.counters).toContainText('Epoch 1 of 1', { timeout: 60_000 });
  const backend = await panelBackend(train);
  test.skip(backend !== 'webgpu', `WebGPU did not start here (ran on ${backend})`);
  await train.waitForStatus('Finished', 90_000);
  await expect(train.meanAuc).toContainText(/0\.\d+|1\.0/);
  await expect(train.aucRows).toHaveCount(5);
  await expect(epochsDone(page)).toHaveText('1 of 1');
  await expect(train.added).toContainText('Added to My runs');
  const runs = await page.evaluate(() => window.__explorer?.getRuns() ?? []);
  expect(runs.map((r) => [r.arch, r.backend, r.unitsRemoved])).toEqual([['resnet18', 'webgpu', 7]]);
  await train.added.getByRole('button', { name: 'Open it in My runs' }).click();
  await expect(page.getByLabel('Study', { exact: true })).toHaveValue('my-runs-synthetic');
  // The run's own My runs study draws it as that study's one point on its truncation chart.
  await expect(page.getByTestId('plot-truncation').locator('.recharts-scatter-symbol')).toHaveCount(
    1,
  );
  await expect(page.locator('#chart-truncation .caption')).toContainText(
    'My runs (synthetic phantoms)',
  );
});

test('Pause, Evaluate now while paused, Resume; then Cancel stops within seconds and keeps the epochs done', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const train = new TrainPage(page);
  await train.open();
  await train.configure({ ...TINY_RUN, epochs: 4, syntheticSize: 32, backend: 'webgl' });
  await train.start();
  // Epoch 2 under way: epoch 1 (and its evaluation, which compiles the shaders) is done.
  await expect(train.counters).toContainText('Epoch 2 of 4', { timeout: 90_000 });
  // Paused, the run still evaluates on demand, and stays paused until Resume.
  await page.getByRole('button', { name: 'Pause' }).click();
  await train.waitForStatus('Paused', 30_000);
  await page.getByRole('button', { name: 'Evaluate now' }).click();
  await expect(page.getByTestId('train-evaluation')).toContainText(
    /epoch [2-4]: mean validation AUC (0|1)\.\d{3}/,
    { timeout: 30_000 },
  );
  await expect(train.status).toContainText('Paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await train.waitForStatus('Running', 10_000);
  const clicked = Date.now();
  await train.cancelButton.click();
  await train.waitForStatus('Stopped', 15_000);
  const seconds = (Date.now() - clicked) / 1000;
  test
    .info()
    .annotations.push({ type: 'cancel', description: `Stopped ${seconds} s after Cancel` });
  await expect(page.getByTestId('train-result')).toContainText('stopped early');
  const done = Number((await epochsDone(page).textContent())?.split(' ')[0]);
  expect(done).toBeGreaterThanOrEqual(1);
  expect(done).toBeLessThan(4);
  await expect(train.startButton).toBeEnabled();
});

/**
 * @param file where to write the zip
 * @param validCell one cell of valid.csv ('maybe' makes it malformed)
 * @returns the zip's path: a CheXpert-format folder with two images per split
 */
function chexpertZip(file: string, validCell: string): string {
  const root = 'CheXpert-v1.0-small';
  const rel = (split: string, p: number) =>
    `${root}/${split}/patient0000${p}/study1/view1_frontal.png`;
  const train = [1, 2].map((p) => chexRow(rel('train', p), true, ['1.0', '0.0', '', '0.0', '1.0']));
  const valid = [3, 4].map((p) =>
    chexRow(rel('valid', p), true, [validCell, '1.0', '0.0', '0.0', '0.0']),
  );
  const enc = new TextEncoder();
  const entries: Record<string, Uint8Array> = {
    [`${root}/train.csv`]: enc.encode([CHEXPERT_HEADER, ...train].join('\n')),
    [`${root}/valid.csv`]: enc.encode([CHEXPERT_HEADER, ...valid].join('\n')),
  };
  for (const p of [1, 2]) entries[rel('train', p)] = pngBytes(p);
  for (const p of [3, 4]) entries[rel('valid', p)] = pngBytes(p);
  writeFileSync(file, zipSync(entries));
  return file;
}

test('a zip with a malformed label cell gets an alert and the data picked before stays', async ({
  page,
}) => {
  const train = new TrainPage(page);
  await train.open();
  await page.getByRole('radio', { name: 'Your CheXpert-format data' }).check();
  const zip = page.locator('#train-zip');
  await zip.setInputFiles(chexpertZip(test.info().outputPath('good.zip'), '0.0'));
  const split = page.getByTestId('dataset-split');
  await expect(split).toContainText('2 / 2 images');
  await zip.setInputFiles(chexpertZip(test.info().outputPath('bad.zip'), 'maybe'));
  const alert = page.getByRole('alert').filter({ hasText: 'valid.csv' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('maybe');
  await expect(alert).toContainText('still in use');
  await expect(split).toContainText('2 / 2 images');
});

test("the worker's tensor count after a run, with the model disposed, equals the count before", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.waitForFunction(() => window.__explorer !== undefined);
  const counts = await page.evaluate(async () => {
    const w = window.__explorer?.worker;
    if (w === undefined) throw new Error('not a test build');
    await w.ensureBackend('webgl');
    const before = (await w.workerMemory()).numTensors;
    const result = await w.startTraining(
      {
        arch: 'resnet18',
        unitsRemoved: 7,
        inputSize: 32,
        batchSize: 8,
        epochs: 1,
        dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 3 },
      },
      () => undefined,
      { backend: 'webgl' },
    );
    const kept = (await w.workerMemory()).numTensors;
    const disposed = await w.disposeModel(result.modelId);
    return { before, kept, disposed, after: (await w.workerMemory()).numTensors };
  });
  expect(counts.disposed).toBe(true);
  expect(counts.kept).toBeGreaterThan(counts.before); // the trained model's weights
  expect(counts.after).toBe(counts.before);
});

test('a WebGPU device lost mid-run continues on another backend and finishes in the panel', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const train = new TrainPage(page);
  await train.open();
  await train.configure({ ...TINY_RUN, epochs: 2, backend: 'webgpu' });
  await train.start();
  await expect(train.counters).toContainText('Epoch 2 of 2', { timeout: 90_000 });
  const backend = await panelBackend(train);
  test.skip(backend !== 'webgpu', `WebGPU did not start here (ran on ${backend})`);
  const lost = await page.evaluate(() => window.__explorer?.worker.loseDevice());
  expect(lost).toBe(true);
  await train.waitForStatus('Finished', 120_000);
  await expect(epochsDone(page)).toHaveText('2 of 2');
  const after = await panelBackend(train);
  expect(after).not.toBe('webgpu');
  await expect(page.getByTestId('train-result')).toContainText(`on ${after}`);
});
