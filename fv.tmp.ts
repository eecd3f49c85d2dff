import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.ts';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
for (let i = 0; i < 4; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto('http://127.0.0.1:4181/');
  await page.locator('.recharts-scatter-symbol').first().waitFor();
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { now: performance.now(), dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, resp: nav.responseEnd };
  });
  console.log(JSON.stringify(t));
  await context.close();
}
await browser.close();
