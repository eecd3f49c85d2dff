/**
 * The Study Explorer with published data: point counts per chart and live statistics.
 */
import { expect, test } from './fixtures.ts';

test.describe('published study with per-model results', () => {
  test('charts show one point per plottable result of bliznashki-chexpert', async ({
    explorer,
  }) => {
    await explorer.chooseStudy('bliznashki-chexpert');
    // 7 results: DenseNet121 ×2, ResNet152 ×2, EfficientNet-B0, EfficientNet-B4, DenseNet121+attention.
    // Paper-era top-1 exists for DenseNet121, ResNet152 and EfficientNet-B0 only: 5 points.
    await expect(explorer.points('top1-vs-auc')).toHaveCount(5);
    await expect(explorer.chart('top1-vs-auc').getByText('2 result(s) not plotted')).toBeVisible();
    // torchvision lists EfficientNet-B4 too; the attention variant has no ImageNet top-1 anywhere.
    await explorer.top1Source.selectOption('torchvision');
    await expect(explorer.points('top1-vs-auc')).toHaveCount(6);
    // Parameters are known for all but the attention variant.
    await expect(explorer.points('params-vs-auc')).toHaveCount(6);
    // Two architectures (DenseNet121, ResNet152) have both a random and a pretrained run.
    await expect(explorer.points('boost-vs-params')).toHaveCount(2);
    await expect(explorer.chart('top1-vs-auc').locator('.pair-arrow')).toHaveCount(2);
  });

  test('CheXtransfer shows its reported statistics and says why its charts are empty', async ({
    explorer,
    page,
  }) => {
    await explorer.chooseStudy('chextransfer');
    await expect(page.getByText('ρ = 0.08 (reported, random init)')).toBeVisible();
    await expect(
      explorer.chart('top1-vs-auc').getByText(/does not publish per-model results in text/),
    ).toBeVisible();
    await expect(explorer.points('top1-vs-auc')).toHaveCount(0);
    // Each finding links to its evidence: the chart section scrolls into view and takes focus.
    await page.getByRole('link', { name: 'See the chart' }).nth(2).click();
    await expect(explorer.chart('boost-vs-params')).toBeFocused();
  });

  test('hiding a family changes the recomputed statistic; "only" isolates', async ({
    explorer,
  }) => {
    await explorer.chooseStudy('medmnistplus-chestmnist');
    const rho = explorer.spearmanCell('top1-vs-auc', 'pretrained');
    const nCell = explorer.page.getByTestId('stat-top1-vs-auc-pretrained').locator('td').first();
    const before = await rho.textContent();
    const nBefore = Number(await nCell.textContent());
    await explorer.familyButton('DenseNet').click();
    await expect(explorer.familyButton('DenseNet')).toHaveAttribute('aria-pressed', 'false');
    await expect(rho).not.toHaveText(before ?? '');
    expect(Number(await nCell.textContent())).toBeLessThan(nBefore);
    await explorer.onlyButton('ResNet').click();
    await expect(explorer.familyButton('ResNet')).toHaveAttribute('aria-pressed', 'true');
    await expect(explorer.familyButton('VGG')).toHaveAttribute('aria-pressed', 'false');
    await expect(explorer.familyButton('DenseNet')).toHaveAttribute('aria-pressed', 'false');
    // Pressed again, it shows every family.
    await explorer.page.getByRole('button', { name: 'Show all families again' }).click();
    await expect(explorer.familyButton('VGG')).toHaveAttribute('aria-pressed', 'true');
    await expect(explorer.familyButton('DenseNet')).toHaveAttribute('aria-pressed', 'true');
  });
});

test.describe('design-aware points in one study', () => {
  test('MedMNIST+ plots one point per architecture; its design filters change the configuration', async ({
    explorer,
    page,
  }) => {
    await explorer.chooseStudy('medmnistplus-chestmnist');
    const nCell = page.getByTestId('stat-top1-vs-auc-pretrained').locator('td').first();
    // 224 px, end-to-end by default: seven ImageNet-pretrained backbones (CLIP ViT-B/16 at its
    // default tag, fine-tuned on ImageNet-1k), one point each.
    await expect(nCell).toHaveText('7');
    const rho = explorer.spearmanCell('top1-vs-auc', 'pretrained');
    const before = await rho.textContent();
    // At 28 px the ranks differ (at 128 px they happen to match 224 px).
    await page.getByLabel('Input resolution').selectOption('28 px');
    await expect(nCell).toHaveText('7');
    await expect(rho).not.toHaveText(before ?? '');
    // Averaging the four resolutions still gives one point per architecture.
    await page.getByLabel('Input resolution').selectOption({ label: 'all levels, averaged' });
    await expect(nCell).toHaveText('7');
  });

  test('Xiao 2023: self-supervised ResNet-50s are other pretraining, not ImageNet-pretrained', async ({
    explorer,
    page,
  }) => {
    await explorer.chooseStudy('xiao2023-medicalmae');
    const n = (id: string) => page.getByTestId(id).locator('td').first();
    await expect(n('stat-top1-vs-auc-pretrained')).toHaveText('2');
    await expect(page.getByTestId('stat-top1-vs-auc-other')).toHaveCount(0);
    // Three SSL ResNet-50s, two in-domain DenseNet-121s, two MAE ViT-S and one ViT-B: eight
    // models, none averaged with another (only true replicates are).
    await expect(n('stat-logparams-vs-auc-other')).toHaveText('8');
  });
});
