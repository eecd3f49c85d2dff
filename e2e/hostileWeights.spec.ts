/**
 * Crafted .pt files dropped in the app get the command line's sentence within 5 s, and the page
 * keeps what it had: the X-ray panel its model and its result, the Lab's weights card the weights
 * loaded before. The worker runs the same reader with the same limits as the CLI
 * (src/cli/hostileWeights.test.ts measures its memory there). Each file is built here from a
 * small recipe (src/test/torchRecipes.ts); nothing hostile is committed.
 */
import { FIXTURE_ARCH, FIXTURE_FILE, FIXTURE_UNITS_REMOVED } from '../scripts/vite/testFixtures.ts';
import { stateDictPickle, zeroBomb, zipArchive } from '../src/test/torchRecipes.ts';
import { TORCH_SENTENCES } from '../src/zoo/weights/checkpointMessages.ts';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';
import { WeightsPage } from './pages/WeightsPage.ts';
import { XrayPage } from './pages/XrayPage.ts';
import { dropServed } from './pageTools.ts';

/** A 4-byte storage viewed as 30000 x 30000 (3.6 GB when expanded). */
const broadcast = zipArchive([
  {
    name: 'a/data.pkl',
    data: stateDictPickle([
      { name: 'fc.weight', key: '0', numel: 1, shape: [30_000, 30_000], stride: [0, 0] },
    ]),
  },
  { name: 'a/data/0', data: new Uint8Array(4) },
]);

/** A storage of 64 M floats (256 MB) inflated from 250 kB of deflate (a zip bomb). */
const inflating = zipArchive([
  {
    name: 'a/data.pkl',
    data: stateDictPickle([
      { name: 'w', key: '0', numel: 64_000_000, shape: [8000, 8000], stride: [8000, 1] },
    ]),
  },
  { name: 'a/data/0', deflated: zeroBomb(1_000_000), declaredSize: 256_000_000 },
]);

const BOMBS = [
  { name: 'broadcast.pt', bytes: broadcast, code: 'BROADCAST_VIEW' },
  { name: 'inflating.pt', bytes: inflating, code: 'INFLATE_LIMIT' },
] as const;

test('.pt bombs on the X-ray panel: the CLI sentence within 5 s, the model and result kept', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await xray.createModel('mobilenetv2_100', 8);
  const XRAY = 'nih_00000001_000.png';
  await xray.dropFiles([XRAY]);
  const status = xray.card(XRAY).getByTestId('xray-card-status');
  await expect(status).toHaveText('Read by 1 model.', { timeout: 120_000 });
  const zone = page.getByRole('group', { name: /PyTorch checkpoint/ });
  const error = page.getByTestId('chest-error');
  for (const bomb of BOMBS) {
    const t0 = Date.now();
    await dropServed(page, zone, bomb.name, bomb.bytes);
    await expect(error).toHaveAttribute('data-code', bomb.code, { timeout: 5_000 });
    await expect(error.locator('.refusal-sentence')).toHaveText(TORCH_SENTENCES[bomb.code]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    // the page answers, and what it had is still there
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
    await expect(xray.models).toHaveCount(1);
    await expect(status).toHaveText('Read by 1 model.');
    await expect(xray.card(XRAY).getByTestId('finding').first()).toBeVisible();
  }
});

test('a .pt bomb on the weights card: the CLI sentence within 5 s, the loaded weights kept', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const good = await (await page.request.get(`/${FIXTURE_FILE}`)).body();
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  await lab.archSelect.selectOption(FIXTURE_ARCH);
  await lab.removeUnits(FIXTURE_UNITS_REMOVED);
  const weights = new WeightsPage(page);
  await weights.pickFile('picked.safetensors', good);
  await expect(weights.loadedFile).toContainText('picked.safetensors (', { timeout: 60_000 });
  for (const bomb of BOMBS) {
    const t0 = Date.now();
    await dropServed(page, weights.card, bomb.name, bomb.bytes);
    await expect(weights.message).toHaveAttribute('data-code', bomb.code, { timeout: 5_000 });
    await expect(weights.message.locator('.refusal-sentence')).toHaveText(
      `${TORCH_SENTENCES[bomb.code]} The weights loaded before are unchanged.`,
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
    await expect(weights.loadedFile).toContainText('picked.safetensors (');
  }
});
