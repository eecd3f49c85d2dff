/**
 * Zoo latency in the browser: each architecture at batch 1 and native input size on each
 * backend, through the real worker (the test build exposes the client as window.__explorer.worker).
 * Also the Architecture Lab slider update time, measured in the page.
 */
import type { Browser, Page } from '@playwright/test';
import { ARCH_IDS } from '../../src/zoo/catalog.ts';
import type { BackendName, LatencyResult } from '../../src/worker/protocol.ts';
import type {} from '../../src/ui/testApi.ts';
import { BASE_URL, median } from './browser.ts';

export interface BackendLatency {
  backend: BackendName;
  active: string | null;
  adapter: string | null;
  error: string | null;
  results: LatencyResult[];
}

/**
 * @param browser a launched browser
 * @param backend the backend to ask for (`?backend=`)
 * @param archs architectures to time
 * @param runs timed runs per architecture (after 2 warm-ups)
 * @returns per-architecture medians, or the error that stopped the backend
 */
export async function measureBackend(
  browser: Browser,
  backend: BackendName,
  archs: readonly string[] = ARCH_IDS,
  runs = 5,
): Promise<BackendLatency> {
  const page = await browser.newPage();
  await page.goto(`${BASE_URL}/?backend=${backend}`);
  const out: BackendLatency = { backend, active: null, adapter: null, error: null, results: [] };
  try {
    const info = await page.evaluate((b) => {
      if (!window.__explorer) throw new Error('not a test build');
      return window.__explorer.worker.ensureBackend(b);
    }, backend);
    out.active = info.name;
    out.adapter = info.adapter
      ? `${info.adapter.vendor} ${info.adapter.architecture}`.trim()
      : null;
    if (info.name !== backend) throw new Error(`asked for ${backend}, got ${info.name}`);
    for (const arch of archs) {
      const result = await page.evaluate(
        (req) => {
          if (!window.__explorer) throw new Error('not a test build');
          return window.__explorer.worker.measureLatency(req);
        },
        {
          arch,
          unitsRemoved: 0,
          numClasses: 5,
          warmupRuns: 2,
          timedRuns: runs,
        },
      );
      out.results.push(result);
      console.error(`  ${backend} ${arch}: ${result.medianMs.toFixed(1)} ms`);
    }
  } catch (error) {
    out.error = String(error);
  } finally {
    await page.close();
  }
  return out;
}

/**
 * Moves the lab slider through every depth of DenseNet201 (102 units) and times each update.
 * React handles a discrete input event synchronously, so `dispatchEvent` returns after the
 * numbers are committed ("update"); the chart follows in a deferred render, so "settled" waits
 * for two animation frames after the event (the chart drawn and painted).
 * @param browser a launched browser
 * @returns median and maximum times in ms, for the numbers and for the whole panel
 */
export async function measureSlider(browser: Browser): Promise<SliderReport> {
  const page = await browser.newPage();
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('tab', { name: /Architecture Lab/i }).click();
  await page.locator('#lab-arch').selectOption('densenet201');
  const samples = await timeSliderMoves(page);
  await page.close();
  const update = samples.map((s) => s.update);
  const settled = samples.map((s) => s.settled);
  return {
    moves: samples.length,
    updateMedianMs: median(update),
    updateMaxMs: Math.max(...update),
    settledMedianMs: median(settled),
    settledMaxMs: Math.max(...settled),
  };
}

export interface SliderReport {
  moves: number;
  updateMedianMs: number;
  updateMaxMs: number;
  settledMedianMs: number;
  settledMaxMs: number;
}

async function timeSliderMoves(page: Page): Promise<{ update: number; settled: number }[]> {
  return page.evaluate(async () => {
    const slider = document.querySelector<HTMLInputElement>('#units-removed');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    if (!slider || !setter) throw new Error('slider not found');
    const samples: { update: number; settled: number }[] = [];
    for (let k = 1; k <= Number(slider.max); k++) {
      const started = performance.now();
      setter.call(slider, String(k));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const update = performance.now() - started;
      // No named helpers in here: tsx would wrap them in a `__name` the page does not have.
      await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      samples.push({ update, settled: performance.now() - started });
    }
    return samples;
  });
}
