/**
 * Training that keeps its word: with the backend on 'Automatic', the Train tab measures WebGPU,
 * WebGL and the CPU (a few steps each, under 10 s, in a worker of its own), names a software GPU
 * as such, estimates the run on each, and a run on 'Automatic' uses the fastest and says why,
 * with a progress bar and the time left.
 */
import { expect, test } from './fixtures.ts';
import { TINY_RUN, TrainPage } from './pages/TrainPage.ts';

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
  const first = (await choice.getAttribute('data-backend')) ?? '';
  console.log(
    'probe:',
    await status.textContent(),
    texts.join(' | '),
    '→',
    await choice.textContent(),
  );
  // a backend not finished in 10 s (a software GPU compiling) goes on in the background
  const pending = await page.locator('[data-testid="probe-backend"][data-pending="true"]').count();
  if (pending > 0) await expect(status).toContainText('in the background');
  if (first === '')
    await expect(choice).toContainText('No backend finished a probe step within the budget');
  else {
    expect(['webgpu', 'webgl', 'cpu']).toContain(first);
    await expect(choice).toContainText(/is the fastest measured (here|so far): about \d+ (s|min)/);
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
  // the run stopped any background measurement: nothing pending, and the choice is final
  await expect(status).not.toContainText('Still measuring');
  await expect(page.locator('[data-pending="true"]')).toHaveCount(0);
  const chosen = (await choice.getAttribute('data-backend')) ?? '';
  console.log(
    'at the run:',
    (await lines.allTextContents()).join(' | '),
    '→',
    await choice.textContent(),
  );
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

test('the choice follows a backend slower to start, reported in the background; a run stops the background probe', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const train = new TrainPage(page);
  await page.goto('/');
  // fakes: the CPU answers at once but slowly; WebGL, faster, reports after the first answer;
  // WebGPU never does (a software adapter still compiling)
  await page.evaluate(() =>
    window.__explorer?.fakeProbe(
      {
        cpu: { afterMs: 300, msPerLayer: 0, flopPerSecond: 2e7, device: 'JavaScript kernels' },
        webgl: { afterMs: 6_000, msPerLayer: 0.1, flopPerSecond: 1e9, device: 'FakeGL' },
        webgpu: { afterMs: null, device: 'FakeGPU' },
      },
      { quickMs: 2_000, totalMs: 60_000 },
    ),
  );
  const log = () => page.evaluate(() => window.__explorer?.probeLog() ?? []);
  await page.getByRole('tab', { name: 'Train' }).click();
  const status = page.getByTestId('probe-status');
  const choice = page.getByTestId('probe-choice');
  const line = (name: string) =>
    page.locator(`[data-testid="probe-backend"][data-backend="${name}"]`);

  // the first answer, at 2 s: the CPU, the only one measured; WebGL still compiling
  await expect(status).toContainText(
    /^Measured in 2\.\d s\. Still measuring WebGL and WebGPU… in the background/,
  );
  await expect(choice).toHaveAttribute('data-backend', 'cpu');
  await expect(choice).toContainText('CPU (JavaScript kernels) is the fastest measured so far');
  await expect(choice).toContainText('Still measuring WebGL and WebGPU');
  await expect(line('webgl')).toHaveAttribute('data-pending', 'true');
  await expect(line('webgl')).toContainText('compiling shaders (the first step)…');
  await expect(page.getByRole('button', { name: 'Stop measuring' })).toBeVisible();

  // WebGL reports: faster, so the choice follows, and the estimate with it
  await expect(choice).toHaveAttribute('data-backend', 'webgl', { timeout: 15_000 });
  await expect(choice).toContainText('WebGL on FakeGL is the fastest measured so far');
  await expect(line('webgl')).toHaveAttribute('data-pending', 'false');
  await expect(line('webgl').getByTestId('probe-estimate')).toBeVisible();
  await expect(status).toContainText('Still measuring WebGPU…');
  await expect(line('webgpu')).toContainText('compiling shaders (the first step)…');
  const beforeRun = ['start cpu', 'done cpu', 'start webgl', 'done webgl', 'start webgpu'];
  expect(await log()).toEqual(beforeRun);

  // a run starts: the background probe stops at once (WebGPU's worker ended), the choice stays
  await train.configure(TINY_RUN);
  await train.start();
  await expect(page.getByTestId('run-backend-choice')).toContainText(
    'Backend chosen automatically: WebGL on FakeGL is the fastest measured here',
  );
  await expect(line('webgpu')).toContainText('not measured: stopped when a run started');
  await expect(status).not.toContainText('Still measuring');
  await expect(status).toContainText(
    /^Measured in 2\.\d s\. The rest in the background: \d+\.\d s in all\./,
  );
  expect(await log()).toEqual([...beforeRun, 'end']);
  // nothing restarts it: not the run, not leaving the tab and coming back
  await page.getByRole('tab', { name: 'Study Explorer' }).click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(choice).toHaveAttribute('data-backend', 'webgl');
  await page.waitForTimeout(1_000);
  expect((await log()).length).toBe(6);
  await expect(
    page.getByRole('button', { name: 'Measure WebGPU longer (up to 60 s)' }),
  ).toBeVisible();
  await train.stopNowButton.click();
});
