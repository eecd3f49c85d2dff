/**
 * Permalinks: a link restores the view; a garbled link gives a clear message and the default view.
 */
import { expect, test } from './fixtures.ts';

test('a permalink round trip restores study, filters and top-1 source', async ({
  explorer,
  api,
  page,
  context,
}) => {
  await explorer.chooseStudy('medmnistplus-chestmnist');
  await explorer.familyButton('ViT').click();
  await explorer.top1Source.selectOption('timm');
  await page.getByLabel('Random init').check();
  await page.getByLabel('Pretrained', { exact: true }).check();
  // The URL is written after a debounce: wait until it holds the current state, then read it.
  // Both sides are read on every poll: the store may still settle after the last click (a link
  // read once before polling could be stale for good).
  await expect
    .poll(async () => {
      const [hash, link] = [await page.evaluate(() => location.hash), await api.getPermalink()];
      return hash === `#${link}` ? 'in sync' : `${hash} != #${link}`;
    })
    .toBe('in sync');
  const hash = await explorer.permalinkHash();
  const state = await api.getState();
  expect(state).toMatchObject({
    studyId: 'medmnistplus-chestmnist',
    hiddenFamilies: ['ViT'],
    top1Set: 'timm',
    condition: 'pretrained',
  });

  const other = await context.newPage();
  await other.goto(`/${hash}`);
  await expect(other.getByLabel('Study', { exact: true })).toHaveValue('medmnistplus-chestmnist');
  await expect(other.getByLabel('ImageNet top-1 source')).toHaveValue('timm');
  await expect(other.getByRole('button', { name: 'ViT', exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  const restored = await other.evaluate(() => window.__explorer?.getState());
  expect(restored).toEqual(state);
});

test('a garbled link shows a clear, dismissible message and the default view', async ({
  explorer,
  page,
}) => {
  await explorer.open('#v=1&d=not-a-real-link');
  await expect(explorer.linkMessage).toContainText('damaged');
  await expect(explorer.studySelect).toHaveValue('all-studies');
  await explorer.linkMessage.getByRole('button', { name: /dismiss/i }).click();
  await expect(explorer.linkMessage).toBeHidden();
  await explorer.open('#v=0&d=abc');
  await expect(explorer.linkMessage).toContainText('older version');
  await expect(page.getByRole('heading', { name: 'All chest X-ray studies' })).toBeVisible();
});
