/**
 * Training that keeps its word: with the backend on 'Automatic', the Train tab measures WebGPU,
 * WebGL and the CPU (a few steps each, under 10 s, in a worker of its own), names a software GPU
 * as such, estimates the run on each, and a run on 'Automatic' uses the fastest and says why,
 * with a progress bar and the time left.
 */
import { expect, test } from './fixtures.ts';
import { TrainPage } from './pages/TrainPage.ts';

test('the backend probe shows its measurements, its choice and the reason; an Automatic run uses it', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const train = new TrainPage(page);
  await train.open();
  await expect(train.backendSelect).toHaveValue('auto');
  const status = page.getByTestId('probe-status');
  await expect(status).toContainText(/^Measured in \d+\.\d s\./, { timeout: 30_000 });
  const took = Number(/Measured in (\d+\.\d) s/.exec((await status.textContent()) ?? '')?.[1]);
  expect(took).toBeLessThan(11); // a 10 s budget, enforced by ending the probe's worker
  const lines = page.getByTestId('probe-backend');
  await expect(lines).toHaveCount(3);
  const texts = await lines.allTextContents();
  for (const [i, name] of ['CPU', 'WebGL', 'WebGPU'].entries())
    expect(texts[i]?.startsWith(name)).toBe(true);
  // a software GPU is named as such wherever it shows (Chromium here renders with SwiftShader)
  for (const t of texts)
    if (/swiftshader|llvmpipe/i.test(t))
      expect(t).toContain('a software adapter: the CPU emulates the GPU');
  const choice = page.getByTestId('probe-choice');
  await expect(choice).toBeVisible();
  const chosen = (await choice.getAttribute('data-backend')) ?? '';
  console.log('probe:', texts.join(' | '), '→', await choice.textContent());
  if (chosen === '')
    await expect(choice).toContainText('No backend finished a probe step within the budget');
  else {
    expect(['webgpu', 'webgl', 'cpu']).toContain(chosen);
    await expect(choice).toContainText(/is the fastest measured here: about \d+ (s|min)/);
    await expect(page.getByTestId('preset-estimate')).toContainText(/^Estimated here: about /);
  }

  await page.getByTestId('train-speed').screenshot({ path: testInfo.outputPath('speed.png') });

  // a tiny run on Automatic: the choice and its reason beside the run, a progress bar, an ETA
  await train.configure({
    arch: 'resnet18',
    unitsRemoved: 7,
    inputSize: 32,
    batchSize: 8,
    epochs: 2,
    augment: false,
    syntheticSize: 16,
    validationSize: 16,
  });
  await train.start();
  await expect(page.getByTestId('train-progress')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('train-eta')).toContainText('%');
  await page.locator('.train-run').screenshot({ path: testInfo.outputPath('run.png') });
  if (chosen !== '') {
    await expect(page.getByTestId('run-backend-choice')).toContainText(
      'Backend chosen automatically',
    );
    await expect(train.backendLabel).toContainText(`Backend: ${chosen}`, { timeout: 60_000 });
  }
  await train.waitForStatus('Finished', 180_000);
});
