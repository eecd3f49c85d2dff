/**
 * The first view, over cold page loads (a fresh browser context each, so nothing is cached): the
 * time from navigation start to the first plotted point of the first chart, how many points that
 * chart draws and how many of them are inside the viewport, and any TensorFlow.js request.
 */
import type { Browser, Page } from '@playwright/test';
import { BASE_URL, median } from './browser.ts';

/** The viewport of a small laptop screen, so "in view" means what most people see first. */
export const FIRST_VIEW_VIEWPORT = { width: 1280, height: 800 } as const;

export interface FirstViewReport {
  /** Navigation start to the first point of the first chart in the DOM, per load. */
  runsMs: number[];
  medianMs: number;
  /** Points the first chart draws (median over the loads; they should all agree). */
  pointsDrawn: number;
  /** Of those, points whose marker lies inside the viewport without scrolling. */
  pointsInViewport: number;
  viewport: typeof FIRST_VIEW_VIEWPORT;
  /** Requests for tfjs (or the worker) made by the first view: must be none. */
  tfjsRequests: string[];
}

const FIRST_POINT = '[data-testid="plot-top1-vs-auc"] .evidence-point';

async function countPoints(page: Page): Promise<{ drawn: number; inView: number }> {
  return page.evaluate((selector) => {
    const marks = [...document.querySelectorAll(selector)];
    const inView = marks.filter((m) => {
      const r = m.getBoundingClientRect();
      return (
        r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth
      );
    });
    return { drawn: marks.length, inView: inView.length };
  }, FIRST_POINT);
}

/**
 * @param browser a launched browser
 * @param runs cold loads to time
 * @returns time to the first point, points drawn and in view, and any tfjs requests seen
 */
export async function measureFirstView(browser: Browser, runs = 5): Promise<FirstViewReport> {
  const runsMs: number[] = [];
  const drawn: number[] = [];
  const inView: number[] = [];
  const tfjsRequests: string[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: FIRST_VIEW_VIEWPORT });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (/tfjs|tensorflow|worker|\.wasm/i.test(r.url())) tfjsRequests.push(r.url());
    });
    await page.goto(BASE_URL);
    await page.locator(FIRST_POINT).first().waitFor();
    runsMs.push(await page.evaluate(() => performance.now()));
    const counts = await countPoints(page);
    drawn.push(counts.drawn);
    inView.push(counts.inView);
    await context.close();
  }
  return {
    runsMs,
    medianMs: median(runsMs),
    pointsDrawn: median(drawn),
    pointsInViewport: median(inView),
    viewport: FIRST_VIEW_VIEWPORT,
    tfjsRequests,
  };
}
