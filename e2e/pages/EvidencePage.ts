/**
 * Page object for the evidence view (the first screen): the study legend, the four charts with
 * their forest plots, and the findings. Locators use roles and labels first, test ids for plots.
 */
import type { Locator, Page } from '@playwright/test';
import type { ChartKey } from './StudyExplorerPage.ts';

export class EvidencePage {
  readonly page: Page;
  readonly heading: Locator;
  readonly legend: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { name: 'All chest X-ray studies' });
    this.legend = page.getByRole('group', { name: /^Studies/ });
  }

  chart(key: ChartKey): Locator {
    return this.page.locator(`#chart-${key}`);
  }

  /** The plotted point markers of one chart. */
  points(key: ChartKey): Locator {
    return this.page.getByTestId(`plot-${key}`).locator('.evidence-point');
  }

  studyButton(label: string): Locator {
    return this.legend.getByRole('button', { name: label, exact: true });
  }

  /** One forest table (by section group) of a chart. */
  forest(key: ChartKey, group: 'pretrained' | 'random' | 'pairs'): Locator {
    return this.page.getByTestId(`forest-${key}`).locator(`table[data-group="${group}"]`);
  }

  pooledRow(key: ChartKey, group: 'pretrained' | 'random' | 'pairs'): Locator {
    return this.forest(key, group).getByTestId('forest-pooled');
  }

  reportedRow(key: ChartKey, group: 'pretrained' | 'random' | 'pairs'): Locator {
    return this.forest(key, group).getByTestId('forest-reported');
  }
}
