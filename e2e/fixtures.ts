/**
 * Playwright fixtures (tldraw style): page objects and the typed `window.__explorer` test API,
 * which exists only in `vite build --mode test` builds.
 */
import { test as base, expect } from '@playwright/test';
import type { PermalinkState } from '../src/state/permalink.ts';
import type { ExplorerTestApi } from '../src/ui/testApi.ts';
import { StudyExplorerPage } from './pages/StudyExplorerPage.ts';

/** The test API as seen from the test process (every call crosses into the page). */
export interface ExplorerApi {
  getState: () => Promise<PermalinkState>;
  getPermalink: () => Promise<string>;
  injectStudy: (
    text: string,
    fileName: string,
  ) => Promise<ReturnType<ExplorerTestApi['injectStudy']>>;
}

interface Fixtures {
  explorer: StudyExplorerPage;
  api: ExplorerApi;
}

export const test = base.extend<Fixtures>({
  explorer: async ({ page }, use) => {
    const explorer = new StudyExplorerPage(page);
    await explorer.open();
    await use(explorer);
  },
  api: async ({ page }, use) => {
    // Each call runs in the page; the guard says plainly when the build has no test API.
    await use({
      getState: () =>
        page.evaluate(() => {
          if (!window.__explorer) throw new Error('window.__explorer is missing: not a test build');
          return window.__explorer.getState();
        }),
      getPermalink: () =>
        page.evaluate(() => {
          if (!window.__explorer) throw new Error('window.__explorer is missing: not a test build');
          return window.__explorer.getPermalink();
        }),
      injectStudy: (text, fileName) =>
        page.evaluate(
          ([t, f]) => {
            if (!window.__explorer)
              throw new Error('window.__explorer is missing: not a test build');
            return window.__explorer.injectStudy(t, f);
          },
          [text, fileName] as const,
        ),
    });
  },
});

export { expect };
