/**
 * Page object for the Lab's "ImageNet weights" card: URL loading, file picker and drop, the
 * loaded-weights card and the cache.
 */
import type { Locator, Page } from '@playwright/test';

export class WeightsPage {
  readonly page: Page;
  readonly card: Locator;
  readonly urlInput: Locator;
  readonly checkSizeButton: Locator;
  readonly loadUrlButton: Locator;
  readonly downloadSize: Locator;
  readonly fileInput: Locator;
  readonly message: Locator;
  /** The card's one stable live region (role=status) for every outcome. */
  readonly status: Locator;
  readonly loaded: Locator;
  readonly loadedFile: Locator;
  readonly scheme: Locator;
  readonly tensorsLoaded: Locator;
  readonly head: Locator;
  readonly removed: Locator;
  readonly cacheStatus: Locator;
  readonly clearCacheButton: Locator;
  readonly backendLabel: Locator;

  constructor(page: Page) {
    this.page = page;
    this.card = page.getByRole('region', { name: 'ImageNet weights' });
    this.urlInput = this.card.getByLabel('Weights URL (.safetensors)');
    this.checkSizeButton = this.card.getByRole('button', { name: 'Check download size' });
    this.loadUrlButton = this.card.getByRole('button', { name: 'Download and load' });
    this.downloadSize = this.card.getByTestId('weights-download-size');
    this.fileInput = this.card.getByLabel('Load a .safetensors file');
    this.message = this.card.getByTestId('weights-message');
    this.status = this.card.getByTestId('weights-status');
    this.loaded = this.card.getByTestId('loaded-weights');
    this.loadedFile = this.card.getByTestId('loaded-weights-file');
    this.scheme = this.card.getByTestId('loaded-weights-scheme');
    this.tensorsLoaded = this.card.getByTestId('loaded-weights-count');
    this.head = this.card.getByTestId('loaded-weights-head');
    this.removed = this.card.getByTestId('loaded-weights-removed');
    this.cacheStatus = this.card.getByTestId('weights-cache-status');
    this.clearCacheButton = this.card.getByRole('button', { name: 'Clear cache' });
    this.backendLabel = this.card.getByTestId('backend-label');
  }

  /** Types a URL (relative URLs resolve against the app) and downloads and loads it. */
  async loadUrl(url: string): Promise<void> {
    await this.urlInput.fill(url);
    await this.loadUrlButton.click();
  }

  /** Picks a file with the file input, as a person would. */
  async pickFile(name: string, buffer: Buffer): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  }

  /**
   * Drops a file onto the card: fetched in the page from `url`, then real dragover and drop
   * events carrying it in a DataTransfer.
   */
  async dropFileFrom(url: string, name: string): Promise<void> {
    const handle = await this.card.elementHandle();
    await this.page.evaluate(
      async ([target, u, n]) => {
        const bytes = await (await fetch(u)).arrayBuffer();
        const data = new DataTransfer();
        data.items.add(new File([bytes], n, { type: 'application/octet-stream' }));
        for (const type of ['dragenter', 'dragover', 'drop'])
          target?.dispatchEvent(
            new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
          );
      },
      [handle, url, name] as const,
    );
  }
}
