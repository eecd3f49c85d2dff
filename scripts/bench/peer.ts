/**
 * `npm run bench -- --only peer`: the app's default CPU path (`app_ms`: our engine, relaxed SIMD
 * where the browser validates it; `engine` says which ran) and tfjs-wasm's fused path (`tfjs_ms`)
 * against onnxruntime-web (same browser, same torchvision models exported to ONNX) and PyTorch
 * CPU (OpenBLAS, threads pinned), for the 16 architectures at 1 thread and at all cores (capped
 * at 8), with each model's sustained GFLOP/s as a fraction of the WASM SIMD128 GEMM peak and of
 * the engine's own relaxed GEMM peak (`gemmPeakGflops`, eng_bench_gemm) measured here.
 *
 * One interleaved run: architecture by architecture, and for each at every thread count, single
 * timed runs alternate between the app, tfjs and ORT, then PyTorch runs, and the SIMD peak is
 * re-measured before each architecture; so the load of a shared machine drifts over all alike.
 * Writes bench-results/peer.json. Env: BENCH_PEER_ARCHS=a,b (default all 16),
 * BENCH_PEER_THREADS=1,2 (default 1 and min(cores, 8)), BENCH_PEER_RUNS (default 7).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { ARCH_IDS } from '../../src/zoo/catalog.ts';
import { countTruncated } from '../../src/zoo/analytic.ts';
import { getArch } from '../../src/zoo/registry.ts';
import { wasmThreadCount } from '../../src/worker/backend/threadCount.ts';
import { BASE_URL } from './browser.ts';
import type {} from './peerPage.ts';
import { ONNX_BASE_PATH } from './peerPaths.ts';
import {
  medianOrNull,
  peerRow,
  peerTargets,
  simdPeak,
  printPeer,
  overOrt,
  tfjsOverOrt,
  type PeerSamples,
} from './peerReport.ts';
import { engineTargets, printEngine } from './peerEngine.ts';
import { exportOnnx, torchPeerRun, type OnnxExports, type TorchBlas } from './peerTorch.ts';
import { compileSimdGemm, MAX_K } from './simdKernel.ts';

const RUNS = Number(process.env.BENCH_PEER_RUNS ?? 7);
const WARMUP = 2;
const ONNX_DIR = 'bench-results/onnx';
/** The microkernel: K in L1, about 0.1 s per round at 10 GFLOP/s per thread. */
const SIMD_K = MAX_K;
const SIMD_REPS = 60_000;

interface Context {
  readonly threads: number;
  readonly page: Page;
  readonly peaks: number[];
  /** What the app's CPU path runs in this page. */
  readonly engine: PeerSamples['engine'];
}

async function openContext(browser: Browser, threads: number): Promise<Context> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`  page (${threads} threads): ${String(e)}`));
  await page.goto(`${BASE_URL}/bench/peer.html?threads=${threads}`);
  const setup = await page.evaluate(async () => {
    const p = window.__benchPeer;
    if (!p) throw new Error('bench/peer.html is missing: not a test build');
    const app = await p.appInit();
    return { isolated: p.isolated, app, tfjs: await p.tfjsInit(), ort: await p.ortInit() };
  });
  if (!setup.isolated) throw new Error('the bench page is not cross-origin isolated');
  const tfjsThreads = setup.tfjs.wasm?.threads;
  if (setup.tfjs.name !== 'wasm' || tfjsThreads !== threads)
    throw new Error(
      `tfjs runs ${setup.tfjs.name} on ${tfjsThreads} threads, not wasm on ${threads}`,
    );
  const engine = setup.app.wasm?.engine;
  if (engine === undefined) throw new Error('the app worker started no engine');
  if (engine.runtime !== 'tfjs-wasm' && engine.threads !== threads)
    throw new Error(`the engine runs ${engine.threads} threads, not ${threads}`);
  console.error(
    `  ${threads} thread(s): app ${engine.runtime} ${engine.threads}${engine.reason ? ` (${engine.reason})` : ''}, tfjs wasm ${tfjsThreads}, ORT ${setup.ort.version} ${setup.ort.threads}`,
  );
  return { threads, page, peaks: [], engine: engine.runtime };
}

async function measurePeak(ctx: Context, bytes: number[], rounds: number): Promise<void> {
  const totals = await ctx.page.evaluate(
    ([b, k, reps, n]) => window.__benchPeer?.simdPeak(b, k, reps, n) ?? [],
    [bytes, SIMD_K, SIMD_REPS, rounds] as const,
  );
  ctx.peaks.push(...totals);
}

/** tfjs and ORT single runs, alternating; either may be absent (null). */
async function interleaved(
  ctx: Context,
  arch: string,
  inputSize: number,
  onnxUrl: string | null,
): Promise<{
  app: number[];
  tfjs: number[];
  ort: number[];
  notes: string[];
  engine: PeerSamples['engine'];
}> {
  const notes: string[] = [];
  const request = { arch, unitsRemoved: 0, numClasses: 1000, inputSize, warmupRuns: WARMUP };
  const held = await ctx.page.evaluate((r) => window.__benchPeer?.appHold(r), request);
  const engine = held?.runtime ?? 'tfjs';
  if (engine !== ctx.engine) notes.push(`the app ran ${engine}, not ${ctx.engine}`);
  await ctx.page.evaluate((r) => window.__benchPeer?.tfjsHold(r), request);
  let ortOk = false;
  if (onnxUrl !== null) {
    try {
      await ctx.page.evaluate(([u, s, w]) => window.__benchPeer?.ortLoad(u, s, w), [
        onnxUrl,
        inputSize,
        WARMUP,
      ] as const);
      ortOk = true;
    } catch (error) {
      notes.push(`onnxruntime-web failed: ${String(error).split('\n')[0]}`);
    }
  }
  const app: number[] = [];
  const tfjs: number[] = [];
  const ort: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    app.push(...((await ctx.page.evaluate(() => window.__benchPeer?.appTime(1))) ?? []));
    tfjs.push(...((await ctx.page.evaluate(() => window.__benchPeer?.tfjsTime(1))) ?? []));
    if (ortOk) ort.push(...((await ctx.page.evaluate(() => window.__benchPeer?.ortTime(1))) ?? []));
  }
  await ctx.page.evaluate(async () => {
    await window.__benchPeer?.appRelease();
    await window.__benchPeer?.tfjsRelease();
    await window.__benchPeer?.ortRelease();
  });
  return { app, tfjs, ort, notes, engine };
}

/** One architecture at every thread count: tfjs/ORT interleaved, then PyTorch. */
async function benchArch(
  arch: string,
  contexts: readonly Context[],
  exports: OnnxExports,
  bytes: number[],
  blasSeen: TorchBlas[],
): Promise<PeerSamples[]> {
  const inputSize = getArch(arch).meta.inputSize;
  const exported = exports[arch];
  const onnxUrl =
    exported && 'file' in exported ? `${BASE_URL}${ONNX_BASE_PATH}${exported.file}` : null;
  const out: PeerSamples[] = [];
  for (const ctx of contexts) {
    await measurePeak(ctx, bytes, 1);
    const m = await interleaved(ctx, arch, inputSize, onnxUrl);
    if (exported && 'skipped' in exported) m.notes.push(`no ONNX export: ${exported.skipped}`);
    const torch = torchPeerRun(arch, ctx.threads, RUNS, WARMUP);
    if ('error' in torch) m.notes.push(torch.error);
    else {
      blasSeen.push(torch.blas);
      if (torch.skipped) m.notes.push(`no PyTorch run: ${torch.skipped}`);
      else if (torch.threads !== ctx.threads) m.notes.push(`PyTorch ran ${torch.threads} threads`);
    }
    const torchRuns = 'error' in torch ? [] : torch.runsMs;
    out.push({
      arch,
      threads: ctx.threads,
      input_size: inputSize,
      app_runs: m.app,
      engine: m.engine,
      tfjs_runs: m.tfjs,
      ort_runs: m.ort,
      torch_runs: torchRuns,
      notes: m.notes,
    });
    const med = (v: number[]): string => medianOrNull(v)?.toFixed(1) ?? '-';
    console.error(
      `  ${arch} ×${ctx.threads}: app (${m.engine}) ${med(m.app)} ms, tfjs ${med(m.tfjs)} ms, ort ${med(m.ort)} ms, torch ${med(torchRuns)} ms`,
    );
  }
  return out;
}

const loadText = (l: number[]): string => l.map((v) => v.toFixed(1)).join(' ');

/** The SIMD figures of the run, per thread count. */
function simdSummary(contexts: readonly Context[]) {
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

/** PyTorch's BLAS and threads as the runs reported them. */
function torchSummary(blasSeen: readonly TorchBlas[], threads: readonly number[]) {
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

type GemmPeaks = { simd: number | null; relaxed: number | null };

/** The engine's GEMM peak per build at one thread: the best of its measurements. */
async function measureGemmPeak(ctx: Context, best: GemmPeaks): Promise<GemmPeaks> {
  const now = await ctx.page.evaluate(() => window.__benchPeer?.gemmPeak());
  const max = (a: number | null, b: number | null | undefined): number | null =>
    b === null || b === undefined ? a : a === null ? b : Math.max(a, b);
  return { simd: max(best.simd, now?.simd), relaxed: max(best.relaxed, now?.relaxed) };
}

/** Opens one page per thread count: 1 and all cores (capped), or BENCH_PEER_THREADS. */
async function openContexts(
  browser: Browser,
  bytes: number[],
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
  return { contexts, cores };
}

/**
 * Runs the section against a served test build.
 * @param browser a launched browser
 * @returns the report written to bench-results/peer.json
 */
export async function benchPeer(browser: Browser): Promise<object> {
  const loadBefore = loadavg();
  const exported = exportOnnx(ONNX_DIR);
  if ('error' in exported) throw new Error(exported.error);
  const bytes = [...(await compileSimdGemm())];
  const { contexts, cores } = await openContexts(browser, bytes);
  const samples: PeerSamples[] = [];
  const blasSeen: TorchBlas[] = [];
  const first = contexts[0];
  if (first === undefined) throw new Error('no thread counts');
  // before and after the models: the faster of two measurements, each the best of its rounds
  let gemmPeakGflops = await measureGemmPeak(first, { simd: null, relaxed: null });
  for (const arch of process.env.BENCH_PEER_ARCHS?.split(',') ?? ARCH_IDS)
    samples.push(...(await benchArch(arch, contexts, exported.exports, bytes, blasSeen)));
  gemmPeakGflops = await measureGemmPeak(first, gemmPeakGflops);
  for (const ctx of contexts) await ctx.page.close();
  const simd = simdSummary(contexts);
  const macs = (s: PeerSamples): number =>
    countTruncated(s.arch, { numClasses: 1000, inputSize: s.input_size }).macs;
  // the engine's peak at t threads: t × its one-thread relaxed peak (one thread per core)
  const enginePeak = (t: number): number | null =>
    gemmPeakGflops.relaxed === null ? null : t * gemmPeakGflops.relaxed;
  const rows = samples.map((s) => peerRow(s, macs(s), simd.peak(s.threads), enginePeak(s.threads)));
  const torch = torchSummary(
    blasSeen,
    contexts.map((c) => c.threads),
  );
  const report = {
    date: new Date().toISOString(),
    machine: { logicalCores: cores, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    browser: browser.version(),
    ...{ runs: RUNS, warmup: WARMUP, gemmPeakGflops, rows, torch, ...simd.report },
    appOverOrt: overOrt(rows, 'app'),
    appOverOrtFastest: overOrt(rows, 'app', 'min'),
    tfjsOverOrtFastest: tfjsOverOrt(rows, 'min'),
    engineTargets: engineTargets(rows),
    targets: peerTargets(rows),
  };
  console.log(
    `\n== Peer: the app (engine), fused tfjs-wasm, onnxruntime-web vs PyTorch CPU, batch 1, median of ${RUNS} ==`,
  );
  console.log(
    `SIMD128 GEMM peak, GFLOP/s (fastest round, at least N × one thread's): ${JSON.stringify(simd.report.simdPeakGflopsByThreads)}; fastest rounds ${JSON.stringify(simd.report.simdFastestRoundGflopsByThreads)}, median ${JSON.stringify(simd.report.simdMedianGflopsByThreads)}; load ${loadText(loadBefore)} → ${loadText(loadavg())}`,
  );
  printPeer(rows, torch.blasKind ?? 'unknown');
  console.log('\n== The engine (app_ms) ==');
  printEngine(rows, gemmPeakGflops);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/peer.json', JSON.stringify(report, null, 2));
  console.log('Wrote bench-results/peer.json');
  return report;
}
