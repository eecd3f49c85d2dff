/**
 * Chest X-ray models in the browser: a TorchXRayVision DenseNet-121 checkpoint (its class, saved
 * as a whole module by torch.save, synthetic weights rebuilt byte for byte from the committed
 * recipe) dropped on the X-ray panel, then a chest X-ray: calibrated values for the five CheXpert
 * tasks, a Grad-CAM overlay, no untrained-model warning. Also: bad checkpoints give their specific
 * message, and a host that refuses the download is named, with the file's link.
 */
import { readFileSync } from 'node:fs';
import { CHEXPERT_TASKS } from '../src/study/types.ts';
import { readTorchFixture, rebuildBigFixture } from '../src/test/torchFixtures.ts';
import { expect, test } from './fixtures.ts';
import { XrayPage } from './pages/XrayPage.ts';
import { colouredPixels, dropServed } from './pageTools.ts';

const CHEX = 'chex-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt';
const XRAY = 'nih_00000001_000.png';
const SECOND = 'nih_00000002_000.png';

test('a dropped checkpoint in TorchXRayVision layout reads chest X-rays: labelled "not verified", flagged saturated, calibrated tasks, Grad-CAM', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await expect(xray.backendLabel).toContainText('wasm');
  const chestZone = page.getByRole('group', { name: /PyTorch checkpoint/ });
  // synthetic weights under the published file name: the shapes fit, the weights are nobody's
  const { bytes } = rebuildBigFixture('xrv_densenet121_module_zip');
  await dropServed(page, chestZone, CHEX, Buffer.from(bytes));
  const label =
    "DenseNet-121 in TorchXRayVision's layout: weights not verified (named as TorchXRayVision densenet121-res224-chex)";
  await expect(page.getByTestId('chest-status')).toContainText(label, { timeout: 120_000 });
  const model = xray.models.filter({ hasText: 'densenet121-res224-chex' });
  await expect(model.getByTestId('model-unverified')).toContainText(label);
  await expect(model.getByTestId('model-unverified')).toContainText('SHA-256');
  await expect(model.getByTestId('model-trained')).toHaveCount(0);
  await expect(model.getByRole('checkbox')).toBeChecked();

  await xray.dropFiles([XRAY]);
  const card = xray.card(XRAY);
  await expect(card.getByTestId('xray-card-status')).toHaveText('Read by 1 model.', {
    timeout: 120_000,
  });
  await expect(card.getByTestId('model-unverified')).toHaveCount(1);
  await expect(card.getByTestId('ood-warning')).toHaveCount(0);
  // one saturated image is not yet a verdict
  await expect(card.getByTestId('model-saturated')).toHaveCount(0);
  for (const task of CHEXPERT_TASKS) {
    const row = card.locator(`[data-testid="finding"][data-task="${task}"]`);
    await expect(row).toHaveAttribute('data-calibrated', 'true');
    const value = Number(await row.getByTestId('probability').textContent());
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  // the 'chex' weights have 11 outputs: 5 CheXpert tasks and 6 more, each with a value
  await expect(card.getByTestId('finding')).toHaveCount(11);
  await expect(card.getByTestId('saliency-method')).toContainText('Grad-CAM');
  expect(await colouredPixels(card.getByTestId('saliency-canvas'))).toBeGreaterThan(500);

  // a second image: every output of these random weights is 0.000 or 1.000 again, so the sanity
  // check flags the model beside the bars of both images
  await xray.dropFiles([SECOND]);
  await expect(xray.card(SECOND).getByTestId('xray-card-status')).toHaveText('Read by 1 model.', {
    timeout: 120_000,
  });
  for (const name of [XRAY, SECOND])
    await expect(xray.card(name).getByTestId('model-saturated')).toContainText(
      "this model's outputs look saturated; its weights may be random or broken",
      { ignoreCase: true },
    );
  await expect(card.getByTestId('model-saturated')).toContainText('on 2 images');
  // TorchXRayVision's 'Effusion' output explains CheXpert's 'Pleural Effusion'
  await card.getByLabel('Saliency for').selectOption('Pleural Effusion');
  await expect(card.getByTestId('saliency-method')).toContainText(/Grad-CAM .* · Pleural Effusion/);

  // the CSV carries the calibrated values beside the probabilities, each in its named column set
  const download = page.waitForEvent('download');
  await xray.exportButton.click();
  const [header, row] = readFileSync(await (await download).path(), 'utf8').split('\r\n');
  const columns = header?.split(',') ?? [];
  const values = row?.split(',') ?? [];
  for (const task of CHEXPERT_TASKS) {
    const slug = task.toLowerCase().replace(/ /g, '_');
    const shown = Number(
      await card
        .locator(`[data-testid="finding"][data-task="${task}"]`)
        .getByTestId('probability')
        .textContent(),
    );
    const calibrated = Number(values[columns.indexOf(`calibrated_${slug}`)]);
    expect(Math.abs(calibrated - shown)).toBeLessThan(0.001); // the card shows 3 decimals
    expect(values[columns.indexOf(`p_${slug}`)]).toMatch(/^[01]\.\d{6}$/);
  }
});

test('bad checkpoints are refused with their own message; a refused download names the host and links the file', async ({
  page,
}) => {
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await expect(xray.backendLabel).toContainText('wasm');
  const picker = page.locator('#xray-checkpoint');
  // one stable live region for every outcome; a refusal inside it, sentence first, detail collapsed
  const status = page.getByRole('status').filter({ has: page.getByTestId('chest-error') });
  const error = page.getByTestId('chest-error');
  for (const [name, code, text, detail] of [
    ['bad_truncated_zip.pt', 'TRUNCATED', /incomplete/, /no end record/],
    ['bad_magic.pt', 'BAD_MAGIC', /not a PyTorch checkpoint/, /magic number/],
    ['bad_os_system.pt', 'UNSAFE_GLOBAL', /asks to run code/, /os\.system/],
    ['bad_out_of_bounds.pt', 'OUT_OF_BOUNDS', /past the end/, /storage/],
  ] as const) {
    const buffer = Buffer.from(readTorchFixture(name));
    await picker.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await expect(error).toHaveAttribute('data-code', code);
    await expect(status).toHaveCount(1);
    await expect(error.locator('.refusal-sentence')).toContainText(text);
    const details = error.locator('details');
    await expect(details).not.toHaveAttribute('open');
    await expect(details.locator('p')).toBeHidden();
    await details.locator('summary').click();
    await expect(details.locator('p')).toContainText(detail);
    await expect(details.locator('code')).toHaveText(code);
  }
  await expect(xray.models).toHaveCount(0);

  // GitHub's release host without cross-origin access (here: the request fails, as CORS does)
  await page.context().route('https://github.com/**', (route) => route.abort('failed'));
  await page
    .getByTestId('chest-model')
    .filter({ hasText: 'densenet121-res224-pc' })
    .getByRole('button')
    .click();
  await expect(error).toHaveAttribute('data-code', 'DOWNLOAD_BLOCKED');
  await expect(error).toContainText('github.com does not let this page download the file');
  await expect(error.getByRole('link')).toHaveAttribute('href', /pc-densenet121-.*\.pt$/);
});

test('the Lab truncates a loaded chest-X-ray model and the Train tab offers it as an in-domain start', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await expect(xray.backendLabel).toContainText('wasm');
  const { bytes } = rebuildBigFixture('xrv_densenet121_state_zip');
  await page.locator('#xray-checkpoint').setInputFiles({
    name: CHEX,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes),
  });
  await expect(page.getByTestId('chest-status')).toContainText('densenet121-res224-chex', {
    timeout: 120_000,
  });

  await page.getByRole('tab', { name: 'Architecture Lab' }).click();
  await page.getByLabel('Architecture', { exact: true }).selectOption('densenet121');
  await page.locator('#units-removed').fill('3');
  await page.getByRole('button', { name: 'Build it with 3 units removed' }).click();
  await expect(page.getByTestId('lab-chest-status')).toContainText('Built chest-densenet121-k3', {
    timeout: 120_000,
  });

  await page.getByRole('tab', { name: 'X-ray inference' }).click();
  const truncated = xray.models.filter({ hasText: 'chest-densenet121-k3' });
  await expect(truncated).toContainText('chest-X-ray backbone');
  await expect(truncated.getByTestId('model-warning')).toContainText('Untrained head');

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.locator('#train-arch').selectOption('densenet121');
  await page.getByLabel('In-domain pretrained (a chest-X-ray model)').check();
  await expect(page.getByTestId('in-domain-status')).toContainText(
    'TorchXRayVision densenet121-res224-chex',
  );
});
