/**
 * Training runs in the browser for the benchmark: through the worker client
 * (`window.__explorer.worker`, test builds), directly on the main thread
 * (bench/training-direct.html) and through the real Train panel. Each returns the run's 'epoch'
 * records, whose images/s count the training steps only (not evaluation).
 * No named helpers inside `page.evaluate` callbacks: tsx would inject `__name`, unknown in the page.
 */
import type { Browser, Page } from '@playwright/test';
import type {
  BackendName,
  EpochRecord,
  TrainDataset,
  TrainRequest,
} from '../../src/worker/protocol.ts';
import type {} from '../../src/ui/testApi.ts';
import type {} from './directTraining.ts';
import { TrainPage } from '../../e2e/pages/TrainPage.ts';
import { BASE_URL } from './browser.ts';

/** One measured run. */
export interface BrowserRun {
  /** The backend the run reports (it may differ from the one asked for). */
  readonly backend: string;
  readonly epochs: readonly EpochRecord[];
  readonly meanAuc: number | null;
  readonly seconds: number;
  readonly error: string | null;
}

/**
 * @param run a run
 * @returns images/s of its last epoch (the first also compiles shaders), NaN when none ran
 */
export function steadyRate(run: BrowserRun): number {
  return run.epochs.at(-1)?.imagesPerSecond ?? NaN;
}

const failed = (error: unknown, started: number): BrowserRun => ({
  backend: '',
  epochs: [],
  meanAuc: null,
  seconds: (Date.now() - started) / 1000,
  error: String(error),
});

/**
 * Trains through the worker client in a fresh page of the app.
 * @param browser a launched browser
 * @param request the run's request
 * @param backend the backend to train on
 * @param folder a CheXpert-format folder to pick and train from instead of `request.dataset`,
 *   read from the files at each step or decoded into memory once (`inMemory`)
 * @returns the run
 */
export async function workerRun(
  browser: Browser,
  request: TrainRequest,
  backend: BackendName,
  folder?: { dir: string; inMemory: boolean },
): Promise<BrowserRun> {
  const page = await browser.newPage();
  const started = Date.now();
  try {
    await page.goto(`${BASE_URL}/?backend=${backend}`);
    if (folder) await pickFolder(page, folder.dir);
    const out = await page.evaluate(
      async ({ request, backend, inMemory }) => {
        const api = window.__explorer;
        if (!api) throw new Error('not a test build');
        const picked = (window as unknown as { __benchFiles?: File[] }).__benchFiles;
        const dataset: TrainDataset = picked
          ? { kind: 'chexpert', files: picked, frontalOnly: true, seed: 0, inMemory }
          : request.dataset;
        const epochs: EpochRecord[] = [];
        const result = await api.worker.startTraining(
          { ...request, dataset },
          (e) => void (e.type === 'epoch' && epochs.push(e.record)),
          { backend },
        );
        return { backend: result.backend, meanAuc: result.meanAuc, epochs };
      },
      { request, backend, inMemory: folder?.inMemory ?? false },
    );
    return { ...out, seconds: (Date.now() - started) / 1000, error: null };
  } catch (error) {
    return failed(error, started);
  } finally {
    await page.close();
  }
}

/**
 * Picks a folder as a person would (an `<input webkitdirectory>` set by Playwright), so the
 * `File`s carry their relative paths; they are left in `window.__benchFiles`.
 */
async function pickFolder(page: Page, dir: string): Promise<void> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.webkitdirectory = true;
    input.id = 'bench-folder';
    input.addEventListener('change', () => {
      (window as unknown as { __benchFiles?: File[] }).__benchFiles = [...(input.files ?? [])];
    });
    document.body.append(input);
  });
  await page.locator('#bench-folder').setInputFiles(dir);
  await page.waitForFunction(() => (window as { __benchFiles?: File[] }).__benchFiles?.length);
}

/**
 * Runs the worker's `runTraining` on the main thread of bench/training-direct.html.
 * @param browser a launched browser
 * @param request the run's request
 * @param backend the backend to train on
 * @returns the run
 */
export async function directRun(
  browser: Browser,
  request: TrainRequest,
  backend: BackendName,
): Promise<BrowserRun> {
  const page = await browser.newPage();
  const started = Date.now();
  try {
    await page.goto(`${BASE_URL}/bench/training-direct.html`);
    await page.waitForFunction(() => window.__benchDirect !== undefined);
    const out = await page.evaluate(
      async ({ request, backend }) => {
        if (!window.__benchDirect) throw new Error('not a test build');
        const { result, events } = await window.__benchDirect.train(request, backend);
        const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.record] : []));
        return { backend: result.backend, meanAuc: result.meanAuc, epochs };
      },
      { request, backend },
    );
    return { ...out, seconds: (Date.now() - started) / 1000, error: null };
  } catch (error) {
    return failed(error, started);
  } finally {
    await page.close();
  }
}

/** Main-thread long tasks seen while a run was driven through the Train panel. */
export interface LongTaskReport {
  readonly longestMs: number;
  readonly over50: number;
  readonly count: number;
  readonly seconds: number;
  readonly uiInLoop: boolean;
  readonly error: string | null;
}

/** The Train panel's form values for the long-task run. */
export interface PanelSettings {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly syntheticSize: number;
  readonly validationSize: number;
}

/**
 * Drives one synthetic run through the Train panel (page object e2e/pages/TrainPage.ts) with a
 * buffered long-task observer installed before the panel opens.
 * @param browser a launched browser
 * @param settings the form values
 * @param backend the backend chosen in the form
 * @returns the longest task and the count over 50 ms
 */
export async function panelLongTasks(
  browser: Browser,
  settings: PanelSettings,
  backend: 'webgl' | 'webgpu' | 'cpu',
): Promise<LongTaskReport> {
  const page = await browser.newPage({ baseURL: BASE_URL });
  const started = Date.now();
  const base = { longestMs: NaN, over50: 0, count: 0, uiInLoop: true };
  try {
    await page.addInitScript(() => {
      const seen: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = seen;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) seen.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const train = new TrainPage(page);
    await train.open();
    await train.configure({ ...settings, augment: false, learningRate: 0.003, backend });
    // Only the run counts: page load and the panel's first render are not training.
    await page.evaluate(() =>
      (window as unknown as { __longTasks: number[] }).__longTasks.splice(0),
    );
    await train.start();
    await train.waitForStatus(/Finished|Failed|Stopped/, 600_000);
    const tasks = await page.evaluate(
      () => (window as unknown as { __longTasks: number[] }).__longTasks,
    );
    return {
      ...base,
      longestMs: Math.max(0, ...tasks),
      over50: tasks.filter((t) => t > 50).length,
      count: tasks.length,
      seconds: (Date.now() - started) / 1000,
      error: null,
    };
  } catch (error) {
    return { ...base, seconds: (Date.now() - started) / 1000, error: String(error) };
  } finally {
    await page.close();
  }
}
