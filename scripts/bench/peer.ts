/**
 * `npm run bench -- --only peer`: the app's default CPU path (`app`: our engine, with the build
 * it picks, relaxed SIMD where the browser validates it; `engine` says what ran) and tfjs-wasm's
 * fused path (`tfjs`, the app's path before the engine) against onnxruntime-web (same browser,
 * same torchvision models exported to ONNX) and PyTorch CPU (OpenBLAS, threads pinned), for the
 * 16 architectures at 1 thread and at all cores (capped at 8). Each model's sustained GFLOP/s is
 * rated against the engine's own relaxed GEMM peak (`gemmPeakGflops`, eng_bench_gemm at one
 * thread, both builds) and tfjs/ORT against the SIMD128 WAT microkernel's peak.
 *
 * One interleaved run: architecture by architecture, and for each at every thread count, single
 * timed runs alternate between the app, tfjs and ORT, then PyTorch runs; the peaks are
 * re-measured before each architecture; so the load of a shared machine drifts over all alike.
 * Writes bench-results/peer.json. Env: BENCH_PEER_ARCHS=a,b (default all 16),
 * BENCH_PEER_THREADS=1,2 (default 1 and min(cores, 8)), BENCH_PEER_RUNS (default 7).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import type { LatencyRequest } from '../../src/worker/protocol.ts';
import { ARCH_IDS } from '../../src/zoo/catalog.ts';
import { countTruncated } from '../../src/zoo/analytic.ts';
import { getArch } from '../../src/zoo/registry.ts';
import { BASE_URL } from './browser.ts';
import type {} from './peerPage.ts';
import {
  measureGemm,
  measurePeak,
  openContexts,
  simdSummary,
  torchSummary,
  type Context,
  type GemmBest,
} from './peerContext.ts';
import { ONNX_BASE_PATH } from './peerPaths.ts';
import {
  medianOrNull,
  peerRow,
  ratioGeomean,
  type EngineKind,
  type PeerSamples,
} from './peerReport.ts';
import { peerTargets, printPeer } from './peerTargets.ts';
import { exportOnnx, torchPeerRun, type OnnxExports, type TorchBlas } from './peerTorch.ts';
import { compileSimdGemm } from './simdKernel.ts';

const RUNS = Number(process.env.BENCH_PEER_RUNS ?? 7);
/**
 * Pause before each timed run: thread pools spin for a while after a run (onnxruntime-web's and
 * tfjs-wasm's pthreads), and on a 2-core machine a spinning pool of the previous runtime takes a
 * core from the next one's second thread. BENCH_PEER_SETTLE_MS=0 measures without the pause.
 */
const SETTLE_MS = Number(process.env.BENCH_PEER_SETTLE_MS ?? 250);
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, SETTLE_MS));
const WARMUP = 2;
const ONNX_DIR = 'bench-results/onnx';

interface Interleaved {
  app: number[];
  tfjs: number[];
  ort: number[];
  engine: EngineKind | null;
  notes: string[];
}

/** Holds the model in both app workers; returns what the app path runs (null: it failed). */
async function holdApp(
  ctx: Context,
  request: LatencyRequest,
  notes: string[],
): Promise<EngineKind | null> {
  let engine: EngineKind | null = null;
  try {
    const held = await ctx.page.evaluate((r) => window.__benchPeer?.app.hold(r), request);
    const runtime = held?.runtime ?? null;
    engine = runtime === 'tfjs' || runtime === null ? null : runtime;
    if (engine !== ctx.engine) notes.push(`the app ran ${runtime}, not ${ctx.engine}`);
  } catch (error) {
    notes.push(`the app path failed: ${String(error).split('\n')[0]}`);
  }
  await ctx.page.evaluate((r) => window.__benchPeer?.tfjs.hold(r), request);
  return engine;
}

async function holdOrt(ctx: Context, onnxUrl: string | null, inputSize: number, notes: string[]) {
  if (onnxUrl === null) return false;
  try {
    await ctx.page.evaluate(([u, s, w]) => window.__benchPeer?.ortLoad(u, s, w), [
      onnxUrl,
      inputSize,
      WARMUP,
    ] as const);
    return true;
  } catch (error) {
    notes.push(`onnxruntime-web failed: ${String(error).split('\n')[0]}`);
    return false;
  }
}

/** App, tfjs and ORT single runs, alternating; any may be absent. */
async function interleaved(
  ctx: Context,
  arch: string,
  inputSize: number,
  onnxUrl: string | null,
): Promise<Interleaved> {
  const notes: string[] = [];
  const request = { arch, unitsRemoved: 0, numClasses: 1000, inputSize, warmupRuns: WARMUP };
  const engine = await holdApp(ctx, request, notes);
  const ortOk = await holdOrt(ctx, onnxUrl, inputSize, notes);
  const out: Interleaved = { app: [], tfjs: [], ort: [], engine, notes };
  const time = async (k: 'app' | 'tfjs') => {
    await settle();
    return ctx.page.evaluate((key) => window.__benchPeer?.[key].time(1) ?? [], k);
  };
  const ortTime = async () => {
    await settle();
    return (await ctx.page.evaluate(() => window.__benchPeer?.ortTime(1))) ?? [];
  };
  for (let i = 0; i < RUNS; i++) {
    if (engine !== null) out.app.push(...(await time('app')));
    out.tfjs.push(...(await time('tfjs')));
    if (ortOk) out.ort.push(...(await ortTime()));
  }
  await ctx.page.evaluate(async () => {
    await window.__benchPeer?.app.release();
    await window.__benchPeer?.tfjs.release();
    await window.__benchPeer?.ortRelease();
  });
  return out;
}

/** PyTorch at the context's thread count, its BLAS recorded, notes on what went wrong. */
function torchRuns(arch: string, threads: number, notes: string[], blasSeen: TorchBlas[]) {
  const torch = torchPeerRun(arch, threads, RUNS, WARMUP);
  if ('error' in torch) {
    notes.push(torch.error);
    return [];
  }
  blasSeen.push(torch.blas);
  if (torch.skipped) notes.push(`no PyTorch run: ${torch.skipped}`);
  else if (torch.threads !== threads) notes.push(`PyTorch ran ${torch.threads} threads`);
  return torch.runsMs;
}

/** One architecture at every thread count: app/tfjs/ORT interleaved, then PyTorch. */
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
    const torch = torchRuns(arch, ctx.threads, m.notes, blasSeen);
    out.push({
      ...{ arch, threads: ctx.threads, input_size: inputSize },
      ...{ app_runs: m.app, engine: m.engine, tfjs_runs: m.tfjs, ort_runs: m.ort },
      ...{ torch_runs: torch, notes: m.notes },
    });
    const med = (v: number[]): string => medianOrNull(v)?.toFixed(1) ?? '-';
    console.error(
      `  ${arch} ×${ctx.threads}: app (${m.engine ?? 'failed'}) ${med(m.app)} ms, tfjs ${med(m.tfjs)} ms, ort ${med(m.ort)} ms, torch ${med(torch)} ms`,
    );
  }
  return out;
}

const loadText = (l: number[]): string => l.map((v) => v.toFixed(1)).join(' ');

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
  const gemm: GemmBest = { simd: null, relaxed: null, errors: [] };
  const { contexts, cores } = await openContexts(browser, bytes, gemm);
  const samples: PeerSamples[] = [];
  const blasSeen: TorchBlas[] = [];
  for (const arch of process.env.BENCH_PEER_ARCHS?.split(',') ?? ARCH_IDS) {
    if (contexts[0]) await measureGemm(contexts[0], gemm, 1);
    samples.push(...(await benchArch(arch, contexts, exported.exports, bytes, blasSeen)));
  }
  for (const ctx of contexts) await ctx.page.close();
  const simd = simdSummary(contexts);
  const macs = (s: PeerSamples): number =>
    countTruncated(s.arch, { numClasses: 1000, inputSize: s.input_size }).macs;
  const rows = samples.map((s) =>
    peerRow(s, macs(s), { simd: simd.peak(s.threads), relaxedOneThread: gemm.relaxed }),
  );
  const torch = torchSummary(
    blasSeen,
    contexts.map((c) => c.threads),
  );
  const loadAfter = loadavg();
  const report = {
    date: new Date().toISOString(),
    machine: { logicalCores: cores, loadavgBefore: loadBefore, loadavgAfter: loadAfter },
    browser: browser.version(),
    ...{ runs: RUNS, warmup: WARMUP, rows, torch },
    gemmPeakGflops: { simd: gemm.simd, relaxed: gemm.relaxed },
    gemmPeakErrors: gemm.errors,
    ...simd.report,
    appOverOrtFastest: ratioGeomean(rows, 'app', 'ort', 'min'),
    tfjsOverOrt: ratioGeomean(rows, 'tfjs', 'ort'),
    targets: peerTargets(rows),
  };
  console.log(
    `\n== Peer: app (engine) vs tfjs-wasm vs onnxruntime-web vs PyTorch CPU, batch 1, median of ${RUNS} ==`,
  );
  console.log(
    `Engine GEMM peak at 1 thread (eng_bench_gemm, fastest round), GFLOP/s: relaxed ${gemm.relaxed?.toFixed(1) ?? '-'}, simd ${gemm.simd?.toFixed(1) ?? '-'}${gemm.errors.length ? ` (${gemm.errors.join('; ')})` : ''}`,
  );
  console.log(
    `SIMD128 WAT microkernel peak, GFLOP/s: ${JSON.stringify(simd.report.simdPeakGflopsByThreads)}; load ${loadText(loadBefore)} → ${loadText(loadAfter)}`,
  );
  printPeer(rows, torch.blasKind ?? 'unknown');
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/peer.json', JSON.stringify(report, null, 2));
  console.log('Wrote bench-results/peer.json');
  return report;
}
