/**
 * Page object for the Study Explorer view: the study selector, legend, filters, charts, import
 * panel and link bar. Locators use roles and labels first, test ids only for chart plots.
 */
import type { Locator, Page } from '@playwright/test';

/** The chart ids, as used in section ids and plot test ids. */
export type ChartKey = 'top1-vs-auc' | 'params-vs-auc' | 'boost-vs-params' | 'truncation';

export class StudyExplorerPage {
  readonly studySelect: Locator;
  readonly top1Source: Locator;
  readonly fileInput: Locator;
  readonly importErrors: Locator;
  readonly linkMessage: Locator;

  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.studySelect = page.getByLabel('Study', { exact: true });
    this.top1Source = page.getByLabel('ImageNet top-1 source');
    this.fileInput = page.getByLabel('Choose a CSV or JSON results file, or drop it here');
    this.importErrors = page.getByTestId('import-errors');
    this.linkMessage = page.getByTestId('link-message');
  }

  /** Opens the app, optionally at a hash, and waits for the explorer. */
  async open(hash = ''): Promise<void> {
    await this.page.goto(`/${hash}`);
    await this.studySelect.waitFor();
  }

  async chooseStudy(id: string): Promise<void> {
    await this.studySelect.selectOption(id);
  }

  chart(key: ChartKey): Locator {
    return this.page.locator(`#chart-${key}`);
  }

  /** The plotted point markers of one chart. */
  points(key: ChartKey): Locator {
    return this.page.getByTestId(`plot-${key}`).locator('.recharts-scatter-symbol');
  }

  /** The recomputed Spearman cell for a chart relation and initialisation group. */
  spearmanCell(relation: string, group: 'pretrained' | 'random' | 'unstated'): Locator {
    return this.page.getByTestId(`stat-${relation}-${group}`).locator('td').nth(1);
  }

  familyButton(family: string): Locator {
    return this.page
      .getByRole('group', { name: /^Families/ })
      .getByRole('button', { name: family, exact: true });
  }

  /** The "only" button beside a family's chip. */
  onlyButton(family: string): Locator {
    return this.page.getByRole('button', { name: `Show only ${family}`, exact: true });
  }

  async importFile(name: string, text: string, mimeType = 'text/csv'): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
  }

  /** Waits until the URL hash holds a permalink and returns it. */
  async permalinkHash(): Promise<string> {
    await this.page.waitForFunction(() => location.hash.startsWith('#v=1&d='));
    return this.page.evaluate(() => location.hash);
  }
}
