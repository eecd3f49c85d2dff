/**
 * Legend click latency: from a chip's click event to the first frame after its aria-pressed flips
 * (the charts re-render in the same commit), in the single-study view (family chips) and the
 * evidence view (study chips). Clicks are spaced well past the double-click interval and alternate
 * between chips, so each is a single click.
 */
import type { Browser, Page } from '@playwright/test';
import { BASE_URL, median } from './browser.ts';

/** One view's click latencies. */
export interface LegendLatency {
  view: 'study' | 'evidence';
  runsMs: number[];
  medianMs: number;
}

/** Clicks a chip and resolves with ms from the click event to the frame after the flip. */
async function timedClick(page: Page, group: RegExp, name: string): Promise<number> {
  const chip = page.getByRole('group', { name: group }).getByRole('button', { name, exact: true });
  const handle = await chip.elementHandle();
  if (!handle) throw new Error(`no legend chip "${name}"`);
  // The listener is armed before the click; it resolves once the attribute changes and a frame
  // (rAF, then a task after it, i.e. after paint) has passed.
  const pending = handle.evaluate(
    (button) =>
      new Promise<number>((resolve) => {
        let clickedAt = NaN;
        button.addEventListener('click', (e) => (clickedAt = e.timeStamp), {
          capture: true,
          once: true,
        });
        const observer = new MutationObserver(() => {
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clickedAt)));
        });
        observer.observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
      }),
  );
  await chip.click();
  return pending;
}

async function measureView(
  page: Page,
  view: LegendLatency['view'],
  chips: readonly [string, string],
  clicks: number,
): Promise<LegendLatency> {
  const group = view === 'study' ? /^Families/ : /^Studies/;
  const runsMs: number[] = [];
  for (let i = 0; i < clicks; i++) {
    runsMs.push(await timedClick(page, group, chips[i % 2] ?? chips[0]));
    await page.waitForTimeout(700); // past any double-click interval
  }
  return { view, runsMs, medianMs: median(runsMs) };
}

/**
 * @param browser a launched browser
 * @param clicks clicks per view (an even count leaves every chip as it was)
 * @returns click-to-frame latency per view
 */
export async function measureLegendClicks(browser: Browser, clicks = 10): Promise<LegendLatency[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(BASE_URL);
    const evidenceChips = await page
      .getByRole('group', { name: /^Studies/ })
      .getByRole('button')
      .allTextContents();
    const [a, b] = evidenceChips;
    if (!a || !b) throw new Error('the evidence legend has fewer than two studies');
    const evidence = await measureView(page, 'evidence', [a, b], clicks);
    await page.getByLabel('Study', { exact: true }).selectOption('medmnistplus-chestmnist');
    const study = await measureView(page, 'study', ['DenseNet', 'ResNet'], clicks);
    return [study, evidence];
  } finally {
    await page.close();
  }
}

/** @param results per-view latencies, printed as one line each */
export function printLegendClicks(results: readonly LegendLatency[]): void {
  console.log('\nLegend click to next frame (ms, 1280×800)');
  for (const r of results) {
    console.log(
      `  ${r.view.padEnd(9)} median ${r.medianMs.toFixed(0).padStart(4)}  runs ${r.runsMs.map((ms) => ms.toFixed(0)).join(', ')}`,
    );
  }
}
