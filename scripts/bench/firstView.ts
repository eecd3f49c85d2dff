/**
 * Time to first chart: from navigation start to the first study chart frame in the DOM, over a
 * few cold page loads (fresh browser context each, so nothing is cached).
 */
import type { Browser } from '@playwright/test';
import { BASE_URL, median } from './browser.ts';

export interface FirstViewReport {
  runsMs: number[];
  medianMs: number;
  /** Requests for tfjs (or the worker) made by the first view: must be none. */
  tfjsRequests: string[];
}

/**
 * @param browser a launched browser
 * @param runs cold loads to time
 * @returns time to first chart and any tfjs requests seen
 */
export async function measureFirstView(browser: Browser, runs = 5): Promise<FirstViewReport> {
  const runsMs: number[] = [];
  const tfjsRequests: string[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('request', (r) => {
      if (/tfjs|tensorflow|worker|\.wasm/i.test(r.url())) tfjsRequests.push(r.url());
    });
    await page.goto(BASE_URL);
    await page.locator('.chart').first().waitFor();
    runsMs.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return { runsMs, medianMs: median(runsMs), tfjsRequests };
}
