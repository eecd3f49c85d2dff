/**
 * The Train panel end to end: one tiny synthetic run on WebGL (SwiftShader here, so tiny:
 * resnet18 cut to its first unit, 32 px, 32 + 32 synthetic images, 1 epoch) reaches "Finished",
 * shows progress, a mean AUC and the per-task table, and lands in My runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHEXPERT_HEADER, chexRow } from '../src/worker/testing/datasetFixture.ts';
import { countTruncated } from '../src/zoo/analytic.ts';
import { expect, test } from './fixtures.ts';
import { TINY_RUN, TrainPage } from './pages/TrainPage.ts';
import { XrayPage } from './pages/XrayPage.ts';

test('a tiny synthetic run on WebGL finishes with a mean AUC', async ({ page }) => {
  test.setTimeout(150_000);
  const train = new TrainPage(page);
  await train.open();
  await train.configure({ ...TINY_RUN, syntheticSize: 32, validationSize: 32, backend: 'webgl' });
  // The parameter count next to the slider is the analytic one.
  const cut = countTruncated('resnet18', { unitsRemoved: 7, numClasses: 5 });
  await expect(train.params).toHaveText(cut.trainable.toLocaleString('en-US'));
  // Long tasks on the main thread while training (measured and reported, not asserted: this
  // machine's software rendering makes every number larger than on a laptop).
  await page.evaluate(() => {
    const store: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = store;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) store.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await train.start();
  await train.waitForStatus('Running', 30_000);
  await expect(train.counters).toContainText('Epoch', { timeout: 60_000 });
  await expect(train.backendLabel).toContainText('Backend: webgl');
  await train.waitForStatus('Finished', 120_000);
  const seconds = (Date.now() - started) / 1000;
  const longTasks = await page.evaluate(
    () => (window as unknown as { __longTasks: number[] }).__longTasks,
  );
  const longest = Math.max(0, ...longTasks).toFixed(0);
  console.log(`train run ${seconds} s; long tasks ${longTasks.length}, longest ${longest} ms`);
  const mean = Number(await train.meanAuc.textContent().then((t) => t?.match(/[\d.]+/)?.[0]));
  expect(mean).toBeGreaterThanOrEqual(0);
  expect(mean).toBeLessThanOrEqual(1);
  await expect(train.aucRows).toHaveCount(5);
  await expect(train.meanAuc).toContainText('synthetic');
  await expect(train.added).toContainText('Added to My runs');
  // Tensor counts before and after are shown; the kept model holds some tensors.
  const before = Number(await train.tensorsBefore.textContent());
  const after = Number(await train.tensorsAfter.textContent());
  expect(after).toBeGreaterThan(before);

  // The trained model can be downloaded, saved in the browser, and opened in the X-ray panel.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download safetensors' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.(safetensors|json)$/);
  await page.getByLabel('Name', { exact: true }).fill('e2e-tiny');
  await page.getByRole('button', { name: 'Save in browser' }).click();
  await expect(page.getByTestId('saved-models')).toContainText('e2e-tiny');

  // Download in TensorFlow.js format, then load those files back; load the saved copy too.
  const saved: string[] = [];
  const twoFiles = new Promise<void>((resolve) => {
    page.on('download', (d) => {
      const file = test.info().outputPath(d.suggestedFilename());
      void d.saveAs(file).then(() => {
        saved.push(file);
        if (saved.length === 2) resolve();
      });
    });
  });
  await page.getByRole('button', { name: 'Download tfjs' }).click();
  await twoFiles;
  expect(saved.map((f) => path.basename(f)).sort()).toEqual([
    expect.stringMatching(/\.model\.json$/),
    expect.stringMatching(/\.weights\.bin$/),
  ]);
  const message = page.getByTestId('saved-models-message');
  await page.locator('#train-model-files').setInputFiles(saved);
  await expect(message).toContainText('Loaded', { timeout: 60_000 });
  await expect(message).toHaveAttribute('role', 'status');
  await page.getByTestId('saved-models').getByRole('button', { name: 'Load' }).click();
  await expect(message).toContainText('Loaded "e2e-tiny"', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Use in X-ray panel' }).click();
  await expect(page.getByRole('tab', { name: /X-ray/ })).toHaveAttribute('aria-selected', 'true');

  // The X-ray panel predicts with the model trained here: five probabilities, its Grad-CAM, and
  // no "random weights" or "untrained head" warning.
  const xray = new XrayPage(page);
  // The run's model, the one loaded from the tfjs files, and the one loaded from browser storage.
  await expect(xray.models).toHaveCount(3);
  await expect(xray.models.first()).toContainText('Trained model');
  await xray.pickFiles(['nih_00000001_000.png']);
  const card = xray.card('nih_00000001_000.png');
  await expect(card.getByTestId('model-output')).toHaveCount(1, { timeout: 90_000 });
  await expect(card.getByTestId('probability')).toHaveCount(5);
  await expect(card.getByTestId('saliency-method')).toContainText('Grad-CAM');
  await expect(page.getByTestId('model-warning')).toHaveCount(0);
});

/**
 * @param dir where to write
 * @param validCell one cell of valid.csv (a bad value makes the CSV malformed)
 * @returns the folder to pick: CheXpert-v1.0-small with train.csv and valid.csv, no images
 */
function chexpertFolder(dir: string, validCell: string): string {
  const root = path.join(dir, 'CheXpert-v1.0-small');
  mkdirSync(root, { recursive: true });
  const line = (split: string, p: number, cells: string[]): string =>
    chexRow(`CheXpert-v1.0-small/${split}/patient0000${p}/study1/view1_frontal.jpg`, true, cells);
  const train = [1, 2, 3, 4].map((p) => line('train', p, ['1.0', '0.0', '-1.0', '', '1.0']));
  const valid = [line('valid', 5, [validCell, '1.0', '0.0', '0.0', '0.0'])];
  writeFileSync(path.join(root, 'train.csv'), [CHEXPERT_HEADER, ...train].join('\n'));
  writeFileSync(path.join(root, 'valid.csv'), [CHEXPERT_HEADER, ...valid].join('\n'));
  return root;
}

test('picked CheXpert-format data is inspected in the worker; a malformed CSV keeps the previous pick', async ({
  page,
}) => {
  const train = new TrainPage(page);
  await train.open();
  await page.getByRole('radio', { name: 'Your CheXpert-format data' }).check();
  const folder = page.getByLabel('Data folder');
  await folder.setInputFiles(chexpertFolder(test.info().outputPath('good'), '0.0'));
  const report = page.getByTestId('dataset-report');
  await expect(report.getByTestId('dataset-split')).toContainText('4 / 1 images');
  // No images were picked: every selected row is reported missing, with examples.
  await expect(report.getByTestId('dataset-missing')).toContainText('5');
  await folder.setInputFiles(chexpertFolder(test.info().outputPath('bad'), 'maybe'));
  const alert = page.getByTestId('dataset-error');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('valid.csv');
  await expect(alert).toContainText('still in use');
  await expect(report.getByTestId('dataset-split')).toContainText('4 / 1 images');
});
