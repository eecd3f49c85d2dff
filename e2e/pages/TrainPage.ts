/**
 * Page object for the Train panel: preset buttons, the configuration form (by label), the backend
 * choice, Start / Pause / Resume / Cancel / Stop now, the status line and the result card.
 */
import type { Locator, Page } from '@playwright/test';

/** Form values a spec may set; omitted fields keep what the form shows. */
export interface TrainSettings {
  readonly arch?: string;
  readonly unitsRemoved?: number;
  readonly inputSize?: number;
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly seed?: number;
  readonly augment?: boolean;
  readonly syntheticSize?: number;
  readonly validationSize?: number;
  readonly backend?: 'auto' | 'webgpu' | 'webgl' | 'cpu';
}

/** resnet18 cut to its first unit at 32 px: the cheapest zoo model to train on SwiftShader. */
export const TINY_RUN: TrainSettings = {
  arch: 'resnet18',
  unitsRemoved: 7,
  inputSize: 32,
  batchSize: 8,
  epochs: 1,
  augment: false,
  syntheticSize: 16,
  validationSize: 16,
};

export class TrainPage {
  readonly page: Page;
  readonly archSelect: Locator;
  readonly unitsSlider: Locator;
  readonly params: Locator;
  readonly backendSelect: Locator;
  readonly startButton: Locator;
  readonly pauseButton: Locator;
  readonly resumeButton: Locator;
  readonly cancelButton: Locator;
  readonly stopNowButton: Locator;
  readonly status: Locator;
  readonly counters: Locator;
  readonly backendLabel: Locator;
  readonly meanAuc: Locator;
  readonly aucRows: Locator;
  readonly added: Locator;
  readonly tensorsBefore: Locator;
  readonly tensorsAfter: Locator;

  constructor(page: Page) {
    this.page = page;
    this.archSelect = page.getByLabel('Architecture', { exact: true });
    this.unitsSlider = page.getByRole('slider', { name: /Units removed/ });
    this.params = page.getByTestId('train-params');
    this.backendSelect = page.getByLabel('Backend', { exact: true });
    this.startButton = page.getByRole('button', { name: 'Start training' });
    this.pauseButton = page.getByRole('button', { name: 'Pause' });
    this.resumeButton = page.getByRole('button', { name: 'Resume' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel' });
    this.stopNowButton = page.getByRole('button', { name: 'Stop now' });
    this.status = page.getByTestId('train-status');
    this.counters = page.getByTestId('train-counters');
    this.backendLabel = page.getByTestId('backend-label');
    this.meanAuc = page.getByTestId('train-mean-auc');
    this.aucRows = page.getByTestId('train-auc-table').locator('tbody tr');
    this.added = page.getByTestId('train-added');
    this.tensorsBefore = page.getByTestId('train-tensors-before');
    this.tensorsAfter = page.getByTestId('train-tensors-after');
  }

  /** Opens the app on the Train tab; `search` may force a backend, e.g. '?backend=cpu'. */
  async open(search = ''): Promise<void> {
    await this.page.goto(`/${search}`);
    await this.page.getByRole('tab', { name: 'Train' }).click();
    await this.archSelect.waitFor();
  }

  /** Clicks a preset ('Quick synthetic run' or 'Paper-like'). */
  async preset(label: 'Quick synthetic run' | 'Paper-like'): Promise<void> {
    await this.page.getByRole('button', { name: label }).click();
  }

  /** Sets the units-removed slider with the keyboard, as a person would. */
  async setUnitsRemoved(count: number): Promise<void> {
    await this.unitsSlider.focus();
    await this.unitsSlider.press('Home');
    for (let i = 0; i < count; i++) await this.unitsSlider.press('ArrowRight');
  }

  /** Fills the form; architecture first, since choosing one re-applies the preset. */
  async configure(s: TrainSettings): Promise<void> {
    const label = (name: string): Locator => this.page.getByLabel(name, { exact: true });
    if (s.arch !== undefined) await this.archSelect.selectOption(s.arch);
    if (s.unitsRemoved !== undefined) await this.setUnitsRemoved(s.unitsRemoved);
    const numbers: [string, number | undefined][] = [
      ['Input size (px)', s.inputSize],
      ['Batch size', s.batchSize],
      ['Epochs', s.epochs],
      ['Learning rate (Adam)', s.learningRate],
      ['Seed', s.seed],
      ['Synthetic training images', s.syntheticSize],
      ['Synthetic validation images', s.validationSize],
    ];
    for (const [name, value] of numbers)
      if (value !== undefined) await label(name).fill(String(value));
    if (s.augment !== undefined) await label('Augment training images').setChecked(s.augment);
    if (s.backend !== undefined) await this.backendSelect.selectOption(s.backend);
  }

  /** Starts the run. */
  async start(): Promise<void> {
    await this.startButton.click();
  }

  /**
   * Waits until the status line shows a word (Running, Paused, Finished, Stopped, Failed).
   * @param word the expected word
   * @param timeout milliseconds
   */
  async waitForStatus(word: string | RegExp, timeout = 120_000): Promise<void> {
    await this.status.filter({ hasText: word }).waitFor({ timeout });
  }
}
