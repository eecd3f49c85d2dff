/**
 * The quick preset's run on each training backend, against the Train tab's estimate for it:
 *
 *   npm run bench -- --only quickRun         (builds, serves; QUICK_BACKENDS=cpu,webgl to choose)
 *   npx vite build --mode test --outDir dist-test
 *   BENCH_PORT=4192 node --import tsx scripts/bench/quickRun.ts [cpu,webgl,webgpu]   ('' for the probe only)
 *
 * First the Train tab's backend probe, as a person meets it: its first answer (10 s), then what it
 * measures in the background of the backends the 10 s left unfinished (up to 60 s in all), and a
 * longer measurement of any still unmeasured: each prints each backend's line and its estimate
 * for the quick run. Then the quick run itself through the worker client, once per
 * backend, timed from the call to its result. The machine's load average is printed beside each
 * number: on a shared machine the same run can take several times longer. QUICK_DIST serves
 * another copy of the test build, so that the browser tests may rebuild dist-test meanwhile.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import type { BackendName, TrainRequest } from '../../src/worker/protocol.ts';
import type {} from '../../src/ui/testApi.ts';
import { applyPreset, validateForm } from '../../src/ui/train/trainForm.ts';
import { TRAIN_PRESETS } from '../../src/data/trainDefaults.ts';
import { BASE_URL, launchBrowser, PREVIEW_PORT } from './browser.ts';

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

/** @returns the quick preset's request, as the Train form builds it */
function quickRequest(): TrainRequest {
  const form = applyPreset(TRAIN_PRESETS.quick.arch, 'quick');
  const { request } = validateForm(form, null, false);
  if (request === null) throw new Error('the quick preset does not validate');
  return request;
}

/** @returns each probe line of the Train tab and its automatic choice */
async function probeLines(page: Page): Promise<string[]> {
  const lines = await page.getByTestId('probe-backend').allTextContents();
  const choice = (await page.getByTestId('probe-choice').textContent()) ?? '';
  return [...lines, choice];
}

/** @returns the probe's lines, printed under a heading with the load average */
async function printProbe(page: Page, heading: string): Promise<string[]> {
  const status = (await page.getByTestId('probe-status').textContent()) ?? '';
  const lines = [status, ...(await probeLines(page))];
  console.log(`${heading} (load ${load()}): ${status}`);
  for (const line of lines.slice(1)) console.log(`  ${line}`);
  return lines;
}

async function probe(page: Page): Promise<Record<string, string[]>> {
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('tab', { name: 'Train' }).click();
  const status = page.getByTestId('probe-status');
  await status.filter({ hasText: /^Measured in/ }).waitFor({ timeout: 60_000 });
  const out: Record<string, string[]> = { first: await printProbe(page, 'probe, first answer') };
  const noneMeasuring = (timeout: number) =>
    page.waitForFunction(() => document.querySelector('[data-pending="true"]') === null, null, {
      timeout,
    });
  if ((await page.locator('[data-pending="true"]').count()) > 0) {
    await noneMeasuring(90_000);
    out.background = await printProbe(page, 'probe, after the background');
  }
  const longer = page.getByRole('button', { name: /longer \(up to 60 s\)$/ });
  if ((await longer.count()) === 0) return out;
  await longer.click();
  await noneMeasuring(120_000);
  out.longer = await printProbe(page, 'longer probe');
  return out;
}

/** One quick run: where it ran, its times, what it learned, the load around it. */
interface QuickRun {
  readonly asked: BackendName;
  readonly backend: string;
  readonly wallSeconds: number;
  readonly workerSeconds: number;
  readonly meanAuc: number | null;
  readonly params: number;
  readonly load: string;
}

async function quickRun(page: Page, backend: BackendName): Promise<QuickRun> {
  await page.goto(`${BASE_URL}/`);
  const before = load();
  const t0 = Date.now();
  const out = await page.evaluate(
    async ({ request, backend }) => {
      const api = window.__explorer;
      if (!api) throw new Error('not a test build');
      const r = await api.worker.startTraining(request, () => undefined, { backend });
      return { backend: r.backend, ms: r.durationMs, auc: r.meanAuc, params: r.params };
    },
    { request: quickRequest(), backend },
  );
  const wall = (Date.now() - t0) / 1000;
  console.log(
    `quick run asked ${backend}, ran on ${out.backend}: ${wall.toFixed(0)} s from call to result (${(out.ms / 1000).toFixed(0)} s in the worker's run), mean AUC ${out.auc?.toFixed(3) ?? 'none'}, ${out.params} parameters; load ${before} before, ${load()} after`,
  );
  return {
    asked: backend,
    backend: out.backend,
    wallSeconds: wall,
    workerSeconds: out.ms / 1000,
    meanAuc: out.auc ?? null,
    params: out.params,
    load: `${before} before, ${load()} after`,
  };
}

/**
 * The section `npm run bench -- --only quickRun`: the probe, then the quick run per backend.
 * @param browser a browser on the served test build (BASE_URL)
 * @param backends the backends to run the quick preset on
 * @returns the probe's lines and each run
 */
export async function benchQuickRun(browser: Browser, backends: readonly BackendName[]) {
  const probed = await probe(await browser.newPage());
  const runs: QuickRun[] = [];
  for (const backend of backends) {
    const page = await browser.newPage();
    runs.push(await quickRun(page, backend));
    await page.close();
  }
  return { probe: probed, runs };
}

/**
 * @param text a comma list ('' for none)
 * @returns the backends it names
 */
export const backendList = (text: string): BackendName[] =>
  text.split(',').filter(Boolean) as BackendName[];

async function main(): Promise<void> {
  const backends = backendList(process.argv[2] ?? 'cpu,webgl,webgpu');
  const preview = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      ...[
        'preview',
        '--outDir',
        process.env['QUICK_DIST'] ?? 'dist-test',
        '--port',
        String(PREVIEW_PORT),
        '--strictPort',
      ],
      ...['--host', '127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 3000));
  const browser = await launchBrowser();
  try {
    await benchQuickRun(browser, backends);
  } finally {
    await browser.close();
    // wait for the server to go: a preview left behind would keep the port
    const gone = new Promise((r) => preview.once('exit', r));
    preview.kill();
    const hard = setTimeout(() => preview.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(hard);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
