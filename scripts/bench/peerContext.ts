/**
 * The peer benchmark's pages (one per thread count, bench/peer.html) and the peaks measured in
 * them: opening a page checks that each runtime really runs as many threads as asked (and says
 * what the app's CPU path runs), then the SIMD128 WAT microkernel's rounds and the engine's own
 * GEMM peak accumulate over the run; the summaries shape them for bench-results/peer.json.
 */
import type { Browser, Page } from '@playwright/test';
import { wasmThreadCount } from '../../src/worker/backend/threadCount.ts';
import { BASE_URL } from './browser.ts';
import type { GemmPeaks } from './peerPage.ts';
import { medianOrNull, simdPeak, type EngineKind } from './peerReport.ts';
import type { TorchBlas } from './peerTorch.ts';
import { MAX_K } from './simdKernel.ts';

/** The microkernel: K in L1, about 0.1 s per round at 10 GFLOP/s per thread. */
const SIMD_K = MAX_K;
const SIMD_REPS = 60_000;

/** One page at one thread count. */
export interface Context {
  readonly threads: number;
  readonly page: Page;
  /** The SIMD128 WAT microkernel's rounds, GFLOP/s. */
  readonly peaks: number[];
  /** What the app's CPU path runs in this page, as its worker started. */
  readonly engine: EngineKind;
}

async function openContext(browser: Browser, threads: number): Promise<Context> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`  page (${threads} threads): ${String(e)}`));
  await page.goto(`${BASE_URL}/bench/peer.html?threads=${threads}`);
  const setup = await page.evaluate(async () => {
    const p = window.__benchPeer;
    if (!p) throw new Error('bench/peer.html is missing: not a test build');
    const [app, tfjs, ort] = [await p.app.init(), await p.tfjs.init(), await p.ortInit()];
    return { isolated: p.isolated, app, tfjs, ort };
  });
  if (!setup.isolated) throw new Error('the bench page is not cross-origin isolated');
  for (const [name, info] of [
    ['app', setup.app],
    ['tfjs', setup.tfjs],
  ] as const)
    if (info.name !== 'wasm' || info.wasm?.threads !== threads)
      throw new Error(`${name} runs ${info.name} on ${info.wasm?.threads} threads, not ${threads}`);
  const engine = setup.app.wasm?.engine;
  if (engine === undefined) throw new Error('the app worker reports no CPU runtime');
  if (engine.runtime !== 'tfjs-wasm' && engine.threads !== threads)
    throw new Error(`the engine runs ${engine.threads} threads, not ${threads}`);
  if (setup.tfjs.wasm?.engine?.runtime !== 'tfjs-wasm')
    throw new Error('the tfjs comparison worker did not switch its engine off');
  console.error(
    `  ${threads} thread(s): app ${engine.runtime} ×${engine.threads}${engine.reason ? ` (${engine.reason})` : ''}, tfjs wasm ×${setup.tfjs.wasm.threads}, ORT ${setup.ort.version} ×${setup.ort.threads}`,
  );
  return { threads, page, peaks: [], engine: engine.runtime };
}

/**
 * Adds `rounds` rounds of the SIMD128 microkernel at the page's thread count.
 * @param ctx the page
 * @param bytes the microkernel's binary
 * @param rounds how many
 */
export async function measurePeak(ctx: Context, bytes: number[], rounds: number): Promise<void> {
  const totals = await ctx.page.evaluate(
    ([b, k, reps, n]) => window.__benchPeer?.simdPeak(b, k, reps, n) ?? [],
    [bytes, SIMD_K, SIMD_REPS, rounds] as const,
  );
  ctx.peaks.push(...totals);
}

/** The engine's GEMM peak per build over the run: the fastest round (null until one ran). */
export interface GemmBest {
  simd: number | null;
  relaxed: number | null;
  /** Why a build did not run, when it did not. */
  errors: string[];
}

/**
 * Measures eng_bench_gemm on both builds (one thread) and keeps the fastest rounds.
 * @param ctx a page
 * @param best the run's best so far (updated)
 * @param rounds timed rounds per shape
 */
export async function measureGemm(ctx: Context, best: GemmBest, rounds: number): Promise<void> {
  const now: GemmPeaks | undefined = await ctx.page.evaluate(
    (n) => window.__benchPeer?.gemmPeak(n),
    rounds,
  );
  for (const build of ['simd', 'relaxed'] as const) {
    const v = now?.[build];
    if (typeof v === 'number') best[build] = Math.max(best[build] ?? 0, v);
    else if (v !== undefined && !best.errors.includes(`${build}: ${v}`))
      best.errors.push(`${build}: ${v}`);
  }
}

/**
 * Opens one page per thread count: 1 and all cores (capped), or BENCH_PEER_THREADS, and takes
 * the first peak rounds in each.
 * @param browser a launched browser
 * @param bytes the SIMD128 microkernel's binary
 * @param gemm the engine GEMM peaks (updated)
 * @returns the pages and the browser's logical core count
 */
export async function openContexts(
  browser: Browser,
  bytes: number[],
  gemm: GemmBest,
): Promise<{ contexts: Context[]; cores: number }> {
  const probe = await browser.newPage();
  await probe.goto(`${BASE_URL}/bench/peer.html`);
  const cores = await probe.evaluate(() => navigator.hardwareConcurrency);
  await probe.close();
  const counts = process.env.BENCH_PEER_THREADS?.split(',').map(Number) ?? [
    1,
    wasmThreadCount(undefined, cores),
  ];
  const contexts: Context[] = [];
  for (const t of [...new Set(counts)]) contexts.push(await openContext(browser, t));
  for (const ctx of contexts) await measurePeak(ctx, bytes, 3);
  if (contexts[0]) await measureGemm(contexts[0], gemm, 5);
  return { contexts, cores };
}

/**
 * @param contexts every page
 * @returns the SIMD128 figures of the run, per thread count
 */
export function simdSummary(contexts: readonly Context[]) {
  const rounds = (n: number): number[] => contexts.find((c) => c.threads === n)?.peaks ?? [];
  const per = (f: (c: Context) => number | null): Record<number, number | null> =>
    Object.fromEntries(contexts.map((c) => [c.threads, f(c)]));
  return {
    peak: (t: number): number | null => simdPeak(t, rounds),
    report: {
      simdPeakGflops: simdPeak(1, rounds),
      simdPeakGflopsByThreads: per((c) => simdPeak(c.threads, rounds)),
      simdFastestRoundGflopsByThreads: per((c) => (c.peaks.length ? Math.max(...c.peaks) : null)),
      simdMedianGflopsByThreads: per((c) => medianOrNull(c.peaks)),
      simdSamples: Object.fromEntries(contexts.map((c) => [c.threads, c.peaks])),
    },
  };
}

/**
 * @param blasSeen what each PyTorch run reported
 * @param threads the thread counts run
 * @returns PyTorch's BLAS and threads as the runs reported them
 */
export function torchSummary(blasSeen: readonly TorchBlas[], threads: readonly number[]) {
  const blas = blasSeen[0] ?? null;
  return {
    blas: blas
      ? `${blas.kind} (${blas.libraries.map((l) => l.split('/').pop()).join(', ')})`
      : null,
    blasKind: blas?.kind ?? null,
    threads: [...threads],
    openblasThreads: [...new Set(blasSeen.map((b) => b.openblasThreads))],
    mkldnn: blas?.mkldnn ?? null,
  };
}
