/**
 * Page object for the X-ray inference panel: model builder, file input and drop zone, queue,
 * per-image result cards, summary table and CSV export.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { XRAYS_DIR } from '../../src/test/testData.ts';

/** The test X-rays (see test-data/LICENSES.md). */
export { XRAYS_DIR };

export class XrayPage {
  readonly page: Page;
  readonly archSelect: Locator;
  readonly unitsInput: Locator;
  readonly createButton: Locator;
  readonly models: Locator;
  readonly fileInput: Locator;
  readonly dropZone: Locator;
  readonly queueRows: Locator;
  readonly progress: Locator;
  readonly backendLabel: Locator;
  readonly exportButton: Locator;
  readonly summaryRows: Locator;

  constructor(page: Page) {
    this.page = page;
    this.archSelect = page.getByLabel('Architecture', { exact: true });
    this.unitsInput = page.getByLabel(/Units removed/);
    this.createButton = page.getByRole('button', { name: 'Create random-init model' });
    this.models = page.getByTestId('xray-model');
    this.fileInput = page.locator('#xray-files');
    this.dropZone = page.getByTestId('xray-drop-zone');
    this.queueRows = page.getByTestId('xray-queue').locator('tbody tr');
    this.progress = page.getByTestId('xray-progress');
    this.backendLabel = page.getByTestId('backend-label');
    this.exportButton = page.getByRole('button', { name: 'Export predictions (CSV)' });
    this.summaryRows = page.getByTestId('xray-summary').locator('tbody tr');
  }

  /** Opens the app on the X-ray tab; `search` may force a backend, e.g. '?backend=wasm'. */
  async open(search = ''): Promise<void> {
    await this.page.goto(`/${search}`);
    await this.page.getByRole('tab', { name: 'X-ray inference' }).click();
    await this.createButton.waitFor();
  }

  /** Builds a random-init model in the worker and waits until it is listed. */
  async createModel(arch: string, unitsRemoved: number): Promise<void> {
    const before = await this.models.count();
    await this.archSelect.selectOption(arch);
    await this.unitsInput.fill(String(unitsRemoved));
    await this.createButton.click();
    await this.models.nth(before).waitFor({ timeout: 90_000 });
  }

  /** Picks files with the file input (several at once). */
  async pickFiles(names: readonly string[]): Promise<void> {
    await this.fileInput.setInputFiles(names.map((n) => path.join(XRAYS_DIR, n)));
  }

  /** Drops files on the drop zone with a real DataTransfer, as a drag from the desktop does. */
  async dropFiles(names: readonly string[]): Promise<void> {
    const files = names.map((n) => ({
      name: n,
      bytes: [...readFileSync(path.join(XRAYS_DIR, n))],
    }));
    const transfer = await this.page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
      return dt;
    }, files);
    await this.dropZone.dispatchEvent('dragover', { dataTransfer: transfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** @returns the queue row of a file */
  queueRow(name: string): Locator {
    return this.queueRows.filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** @returns the result card of a file */
  card(name: string): Locator {
    return this.page.locator(`[data-testid="xray-result"][data-file="${name}"]`);
  }
}
