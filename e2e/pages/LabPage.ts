/**
 * Page object for the Architecture Lab: architecture picker, truncation slider, counts and the
 * latency measurement.
 */
import type { Locator, Page } from '@playwright/test';

export class LabPage {
  readonly page: Page;
  readonly archSelect: Locator;
  readonly slider: Locator;
  readonly params: Locator;
  readonly ratio: Locator;
  readonly measureButton: Locator;
  readonly backendLabel: Locator;
  readonly latencyRows: Locator;
  readonly compareRows: Locator;

  constructor(page: Page) {
    this.page = page;
    this.archSelect = page.getByLabel('Architecture', { exact: true });
    this.slider = page.getByRole('slider', { name: /Units removed/ });
    this.params = page.getByTestId('lab-params');
    this.ratio = page.getByTestId('lab-ratio');
    this.measureButton = page.getByRole('button', { name: 'Measure latency' });
    this.backendLabel = page.getByTestId('backend-label');
    this.latencyRows = page.getByTestId('latency-results').locator('tbody tr');
    this.compareRows = page.getByTestId('compare-table').locator('tbody tr');
  }

  /** Opens the app on the lab tab; `search` may force a backend, e.g. '?backend=wasm'. */
  async open(search = ''): Promise<void> {
    await this.page.goto(`/${search}`);
    await this.page.getByRole('tab', { name: /Architecture Lab/ }).click();
    await this.archSelect.waitFor();
  }

  /** A checkbox of the comparison picker, by the architecture's label. */
  compareBox(label: string): Locator {
    return this.page
      .getByRole('group', { name: 'Architectures to compare' })
      .getByRole('checkbox', { name: label, exact: true });
  }

  /** Opens the comparison picker (if closed) and ticks architectures by label. */
  async compareWith(labels: readonly string[]): Promise<void> {
    const picker = this.page.getByRole('group', { name: 'Architectures to compare' });
    if (!(await picker.isVisible())) await this.page.getByText(/^Compared:/).click();
    for (const label of labels) await this.compareBox(label).check();
  }

  /** Moves the slider with the keyboard, as a person would. */
  async removeUnits(count: number): Promise<void> {
    await this.slider.focus();
    await this.slider.press('Home');
    for (let i = 0; i < count; i++) await this.slider.press('ArrowRight');
  }
}
