/**
 * Pickers that never lose a click: rapid legend clicks land (real mouse clicks as fast as the
 * issue's, and seeded bursts dispatched within one task), the charts follow the final state,
 * and the architecture filter is a checklist usable from the keyboard.
 */
import type { Locator, Page } from '@playwright/test';
import { mulberry32 } from '../src/study/stats/prng.ts';
import { expect, test } from './fixtures.ts';

const FAMILIES = ['VGG', 'AlexNet', 'ResNet', 'DenseNet', 'EfficientNet', 'ViT'];

/** Clicks each chip by its centre with the mouse, with no waiting between clicks. */
async function mouseClicks(page: Page, chips: Locator, names: readonly string[]): Promise<void> {
  // The chips must be on screen first: a click at a box measured off screen lands nowhere.
  await chips.scrollIntoViewIfNeeded();
  const boxes = new Map<string, { x: number; y: number }>();
  for (const name of new Set(names)) {
    const box = await chips.getByText(name, { exact: true }).boundingBox();
    if (!box) throw new Error(`no chip ${name}`);
    boxes.set(name, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  }
  for (const name of names) {
    const at = boxes.get(name);
    if (at) await page.mouse.click(at.x, at.y);
  }
}

/**
 * Dispatches a seeded burst of clicks on a legend's chips within one task (zero time apart),
 * double-clicks among them as a browser sends them (detail 1 then 2), and returns the chips a
 * plain toggle model expects hidden afterwards, starting from `before`.
 */
async function burst(
  legend: Locator,
  names: readonly string[],
  before: ReadonlySet<string>,
  seed: number,
  count = 25,
): Promise<Set<string>> {
  const rand = mulberry32(seed);
  const clicks: { name: string; detail: number }[] = [];
  const hidden = new Set(before);
  while (clicks.length < count) {
    const name = names[Math.floor(rand() * names.length)] ?? names[0] ?? '';
    const double = rand() < 0.3;
    for (const detail of double ? [1, 2] : [1]) {
      clicks.push({ name, detail });
      if (!hidden.delete(name)) hidden.add(name);
    }
  }
  await legend.evaluate((root, list) => {
    const chips = [...root.querySelectorAll<HTMLElement>('.legend-item')];
    for (const { name, detail } of list) {
      const chip = chips.find((c) => c.textContent === name);
      chip?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail }));
    }
  }, clicks);
  return hidden;
}

async function expectPressed(legend: Locator, names: readonly string[], hidden: Set<string>) {
  for (const name of names) {
    await expect(legend.getByRole('button', { name, exact: true })).toHaveAttribute(
      'aria-pressed',
      String(!hidden.has(name)),
    );
  }
}

test('rapid legend clicks land, a reset right after a click stays, and the charts follow', async ({
  explorer,
  api,
  page,
  context,
}) => {
  await explorer.chooseStudy('medmnistplus-chestmnist');
  const legend = page.getByRole('group', { name: /^Families/ });
  // The sequence, as fast as the mouse goes: hide VGG, show VGG, then AlexNet.
  await mouseClicks(page, legend, ['VGG', 'VGG', 'AlexNet']);
  await expectPressed(legend, FAMILIES, new Set(['AlexNet']));
  // Reset straight after a legend click: nothing may hide again later.
  await mouseClicks(page, legend, ['ResNet']);
  await page.getByRole('button', { name: 'Reset filters' }).click();
  await page.waitForTimeout(1500);
  await expectPressed(legend, FAMILIES, new Set());
  expect((await api.getState()).hiddenFamilies).toEqual([]);

  let hidden = new Set<string>();
  for (const seed of [11, 12, 13]) {
    hidden = await burst(legend, FAMILIES, hidden, seed);
    await expectPressed(legend, FAMILIES, hidden);
    expect(new Set((await api.getState()).hiddenFamilies)).toEqual(hidden);
  }
  // The charts show the final state: the same statistic as a fresh page opened on its link.
  const rho = await explorer.spearmanCell('top1-vs-auc', 'pretrained').textContent();
  const other = await context.newPage();
  await other.goto(`/#${await api.getPermalink()}`);
  await expect(other.getByTestId('stat-top1-vs-auc-pretrained').locator('td').nth(1)).toHaveText(
    rho ?? '',
  );
});

test('rapid clicks on the evidence view’s study chips land too', async ({ explorer, page }) => {
  await expect(explorer.studySelect).toHaveValue('all-studies');
  const legend = page.getByRole('group', { name: /^Studies/ });
  const names = (await legend.getByRole('button').allTextContents()).slice(0, 5);
  expect(names.length).toBeGreaterThanOrEqual(3);
  await mouseClicks(page, legend, [names[0] ?? '', names[0] ?? '', names[1] ?? '']);
  await expectPressed(legend, names, new Set([names[1] ?? '']));
  await mouseClicks(page, legend, [names[1] ?? '']);
  const hidden = await burst(legend, names, new Set(), 7, 20);
  await expectPressed(legend, names, hidden);
});

test('the architecture filter is a checklist: none, one ticked from the keyboard, all', async ({
  explorer,
  api,
  page,
}) => {
  await explorer.chooseStudy('medmnistplus-chestmnist');
  const nCell = page.getByTestId('stat-top1-vs-auc-pretrained').locator('td').first();
  // Seven ImageNet-pretrained backbones, CLIP ViT-B/16 at its default tag's top-1 among them.
  await expect(nCell).toHaveText('7');
  const summary = page.getByText(/^Architectures: all \d+$/);
  await summary.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('group', { name: 'Architectures shown on the charts' });
  await panel.getByRole('button', { name: 'None' }).click();
  await expect(page.getByText(/^Architectures: 0 of \d+$/)).toBeVisible();
  await expect(explorer.points('top1-vs-auc')).toHaveCount(0);
  // Tab to a checkbox and tick it with Space, as a keyboard user would.
  const resnet = panel.getByRole('checkbox', { name: 'ResNet18' });
  await resnet.focus();
  await page.keyboard.press('Space');
  await expect(resnet).toBeChecked();
  expect((await api.getState()).selectedArchs).toEqual(['resnet18']);
  await panel.getByRole('button', { name: 'Only the DenseNet architectures' }).click();
  expect((await api.getState()).selectedArchs).toEqual(['densenet121']);
  await panel.getByRole('button', { name: 'All' }).click();
  await expect(nCell).toHaveText('7');
  expect((await api.getState()).selectedArchs).toEqual([]);
});
