/**
 * Legend click latency, in the single-study view (family chips) and the evidence view (study
 * chips): from a chip's click event to the first frame after its aria-pressed flips ("chip"), and
 * to the first frame after the last change under <main> once it has been quiet for 400 ms
 * ("charts": the charts and statistics have caught up). Clicks are spaced well past the
 * double-click interval and alternate between chips, so each is a single click.
 */
import type { Browser, Page } from '@playwright/test';
import { BASE_URL, median } from './browser.ts';

/** One view's click latencies. */
export interface LegendLatency {
  view: 'study' | 'evidence';
  /** Click to the frame after the chip flips. */
  runsMs: number[];
  medianMs: number;
  /** Click to the frame after the page under <main> stops changing. */
  settledMs: number[];
  medianSettledMs: number;
}

/** How long <main> must stay unchanged for the charts to count as caught up. */
const QUIET_MS = 400;

/** Clicks a chip; resolves with ms from the click event to the chip's flip and to quiet. */
async function timedClick(
  page: Page,
  group: RegExp,
  name: string,
): Promise<{ chip: number; settled: number }> {
  const chip = page.getByRole('group', { name: group }).getByRole('button', { name, exact: true });
  const handle = await chip.elementHandle();
  if (!handle) throw new Error(`no legend chip "${name}"`);
  // Armed before the click. A frame is rAF then a task after it, i.e. after paint. No named
  // helpers inside: tsx would wrap them in a __name() the page does not have.
  const pending = handle.evaluate(
    (button, quiet) =>
      new Promise<{ chip: number; settled: number }>((resolve) => {
        let clickedAt = NaN;
        let chip = NaN;
        let flipped = false;
        let last = NaN;
        let timer: ReturnType<typeof setTimeout> | undefined;
        button.addEventListener('click', (e) => (clickedAt = e.timeStamp), {
          capture: true,
          once: true,
        });
        const main = document.querySelector('main') ?? document.body;
        const observer = new MutationObserver(() => {
          if (!flipped && button.getAttribute('aria-pressed') !== pressed) {
            flipped = true;
            requestAnimationFrame(() => setTimeout(() => (chip = performance.now() - clickedAt)));
          }
          requestAnimationFrame(() => setTimeout(() => (last = performance.now() - clickedAt)));
          clearTimeout(timer);
          timer = setTimeout(() => {
            observer.disconnect();
            resolve({ chip, settled: last });
          }, quiet);
        });
        const pressed = button.getAttribute('aria-pressed');
        observer.observe(main, {
          attributes: true,
          childList: true,
          subtree: true,
          characterData: true,
        });
      }),
    QUIET_MS,
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
  const settledMs: number[] = [];
  for (let i = 0; i < clicks; i++) {
    const t = await timedClick(page, group, chips[i % 2] ?? chips[0]);
    runsMs.push(t.chip);
    settledMs.push(t.settled);
    await page.waitForTimeout(300); // with the quiet wait, past any double-click interval
  }
  return { view, runsMs, medianMs: median(runsMs), settledMs, medianSettledMs: median(settledMs) };
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
  const list = (ms: readonly number[]) => ms.map((t) => t.toFixed(0)).join(', ');
  console.log('\nLegend click to next frame (ms, 1280×800): the chip, then the charts caught up');
  for (const r of results) {
    console.log(
      `  ${r.view.padEnd(9)} chip median ${r.medianMs.toFixed(0).padStart(4)}  runs ${list(r.runsMs)}`,
    );
    console.log(
      `  ${''.padEnd(9)} charts median ${r.medianSettledMs.toFixed(0).padStart(4)}  runs ${list(r.settledMs)}`,
    );
  }
}
