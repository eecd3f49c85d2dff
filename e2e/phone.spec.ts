/**
 * A 390×844 phone: no tab makes the page scroll sideways (document.documentElement.scrollWidth
 * <= clientWidth), whatever it shows: the evidence view, one study with a data table open, the
 * Lab with a comparison, Train, and the X-ray panel with two models' results on a card. The
 * forest tables stack (a study's name above its numbers) and the four tabs fit the width.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';
import { XrayPage } from './pages/XrayPage.ts';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** Fails with the widest offenders named when the page is wider than the window. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  // Layout settles over a frame or two after a change (charts measure their box).
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const { scrollWidth, clientWidth } = document.documentElement;
          if (scrollWidth <= clientWidth) return 'fits';
          const wide = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > clientWidth + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`);
          return `${scrollWidth} > ${clientWidth}: ${wide.join(', ')}`;
        }),
      { message: where },
    )
    .toBe('fits');
}

test('no tab scrolls sideways at 390×844; forest tables stack; the tabs fit', async ({
  explorer,
  page,
}) => {
  await page.locator('.evidence-point').first().waitFor();
  await expectNoSidewaysScroll(page, 'evidence view');
  for (const tab of await page.getByRole('tab').all()) {
    const box = await tab.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390, (await tab.textContent()) ?? '').toBe(
      true,
    );
  }
  // A stacked forest row: the study's name on its own line, its numbers below.
  const row = page.getByTestId('forest-row').first();
  const name = await row.locator('th').boundingBox();
  const n = await row.locator('td').first().boundingBox();
  expect(name && n && n.y >= name.y + name.height - 1).toBe(true);

  await explorer.chooseStudy('medmnistplus-chestmnist');
  await explorer.chart('top1-vs-auc').getByRole('button', { name: 'Show data table' }).click();
  await page.getByText(/^Architectures:/).click();
  await expectNoSidewaysScroll(page, 'one study, data table and architecture list open');

  const lab = new LabPage(page);
  await page.getByRole('tab', { name: /Architecture Lab/ }).click();
  await lab.compareWith(['ResNet50', 'EfficientNetB0', 'MobileNetV3']);
  await page.getByRole('button', { name: 'Show the 62 truncation units' }).click();
  await expectNoSidewaysScroll(page, 'Lab with a comparison and the unit table');

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByRole('button', { name: /Start/ }).first().waitFor();
  await expectNoSidewaysScroll(page, 'Train');
});

test('the X-ray panel and its result cards fit a phone', async ({ page }) => {
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await expectNoSidewaysScroll(page, 'X-ray panel, no model');
  await xray.createModel('mobilenetv2_100', 8);
  await xray.createModel('resnet18', 6);
  await xray.pickFiles(['nih_00000001_000.png']);
  const card = xray.card('nih_00000001_000.png');
  await expect(card.getByTestId('model-output')).toHaveCount(2, { timeout: 120_000 });
  await expectNoSidewaysScroll(page, 'X-ray panel with a result card');
  // The two models' outputs reflow one above the other, each within the card.
  const [first, second] = await card.getByTestId('model-output').all();
  const a = await first?.boundingBox();
  const b = await second?.boundingBox();
  expect(a && b && b.y >= a.y + a.height - 1 && b.x + b.width <= 390).toBe(true);
});
