/**
 * The peer benchmark's numbers, shaped (pure): rows of `bench-results/peer.json`, their sustained
 * GFLOP/s and fractions of the measured peaks, the geometric means of one runtime over another,
 * and the rule that no ratio against PyTorch is printed when it runs on the reference BLAS.
 * The targets and the printed table are in peerTargets.ts.
 */
import { geometricMean } from './torch.ts';

/** What ran the app's default CPU path: one of the engine's two builds, or the tfjs fallback. */
export type EngineKind = 'relaxed-simd' | 'simd' | 'tfjs-wasm';

/** One architecture at one thread count, as measured: every timed run, in ms. */
export interface PeerSamples {
  arch: string;
  threads: number;
  input_size: number;
  /** The app's default CPU path (the engine, or its tfjs fallback: see `engine`). */
  app_runs: number[];
  /** What the app path ran; null when it did not run (a note says why). */
  engine: EngineKind | null;
  /** The tfjs-wasm fused path (src/zoo/fused.ts), the app's path before the engine. */
  tfjs_runs: number[];
  ort_runs: number[];
  torch_runs: number[];
  /** Why a runtime has no number (e.g. no torchvision model), or an error it raised. */
  notes: string[];
}

/** The runtimes a row times, by the prefix of their fields. */
export type Runtime = 'app' | 'tfjs' | 'ort' | 'torch';

/**
 * A row of bench-results/peer.json. Latencies are medians (null, with a note, when a runtime did
 * not run). On a shared machine a run is slowed by whatever else runs; the fastest run is the
 * least disturbed, so GFLOP/s and the fractions of peak compare the fastest model run with the
 * fastest microkernel round, and the `_min_ms` fields keep the fastest runs too.
 */
export interface PeerRow extends PeerSamples {
  app_ms: number | null;
  tfjs_ms: number | null;
  ort_ms: number | null;
  torch_ms: number | null;
  app_min_ms: number | null;
  tfjs_min_ms: number | null;
  ort_min_ms: number | null;
  torch_min_ms: number | null;
  /** Multiply-adds of the model (1000-class head), from the zoo's analytic counter. */
  macs: number;
  /** Sustained GFLOP/s of the app's fastest run. */
  app_gflops: number | null;
  /**
   * App GFLOP/s over `threads` × the engine's relaxed-SIMD GEMM peak at one thread
   * (gemmPeakGflops.relaxed): how much of the best kernel the whole model sustains.
   */
  app_peak_fraction: number | null;
  /** Sustained GFLOP/s of the fastest run. */
  tfjs_gflops: number | null;
  /** tfjs GFLOP/s over the SIMD128 microkernel's peak at the same thread count. */
  tfjs_peak_fraction: number | null;
  ort_gflops: number | null;
  ort_peak_fraction: number | null;
}

/** The peaks a row is rated against, GFLOP/s (null when unmeasured). */
export interface RowPeaks {
  /** The SIMD128 WAT microkernel's peak at the row's thread count (simdPeak). */
  simd: number | null;
  /** The engine's relaxed GEMM at one thread (eng_bench_gemm, gemmPeakGflops.relaxed). */
  relaxedOneThread: number | null;
}

const minOrNull = (v: readonly number[]): number | null => (v.length ? Math.min(...v) : null);

/**
 * @param s the samples
 * @param macs the model's multiply-adds
 * @param peaks the peaks to rate against
 * @returns the row: medians, minimums, GFLOP/s and fractions of peak
 */
export function peerRow(s: PeerSamples, macs: number, peaks: RowPeaks): PeerRow {
  const rate = (ms: number | null): number | null => (ms === null ? null : gflops(macs, ms));
  const frac = (ms: number | null, peak: number | null): number | null =>
    ms === null || peak === null ? null : gflops(macs, ms) / peak;
  const mins = {
    app: minOrNull(s.app_runs),
    tfjs: minOrNull(s.tfjs_runs),
    ort: minOrNull(s.ort_runs),
  };
  const relaxed = peaks.relaxedOneThread === null ? null : s.threads * peaks.relaxedOneThread;
  return {
    ...s,
    app_ms: medianOrNull(s.app_runs),
    tfjs_ms: medianOrNull(s.tfjs_runs),
    ort_ms: medianOrNull(s.ort_runs),
    torch_ms: medianOrNull(s.torch_runs),
    app_min_ms: mins.app,
    tfjs_min_ms: mins.tfjs,
    ort_min_ms: mins.ort,
    torch_min_ms: minOrNull(s.torch_runs),
    macs,
    app_gflops: rate(mins.app),
    app_peak_fraction: frac(mins.app, relaxed),
    tfjs_gflops: rate(mins.tfjs),
    tfjs_peak_fraction: frac(mins.tfjs, peaks.simd),
    ort_gflops: rate(mins.ort),
    ort_peak_fraction: frac(mins.ort, peaks.simd),
  };
}

/**
 * The SIMD128 peak at `t` threads: the fastest microkernel round of the whole run (the least
 * disturbed sample), and at least t × the one-thread peak. On a shared machine the other cores
 * are often busy during the t-thread rounds, which would understate the peak that t cores have.
 * @param t thread count
 * @param rounds each thread count's rounds (GFLOP/s)
 * @returns GFLOP/s, or null when nothing was measured
 */
export function simdPeak(t: number, rounds: (threads: number) => readonly number[]): number | null {
  const own = rounds(t);
  const one = rounds(1);
  const best = own.length ? Math.max(...own) : null;
  const scaled = one.length ? t * Math.max(...one) : null;
  if (best === null) return scaled;
  return scaled === null ? best : Math.max(best, scaled);
}

/** BLAS kinds PyTorch may load; only a tuned one makes a fair baseline. */
export type BlasKind = 'openblas' | 'mkl' | 'reference' | 'unknown';

/**
 * @param kind the BLAS PyTorch loaded
 * @returns whether a ratio against PyTorch means anything (never against the reference BLAS,
 *   which made ResNet50 6.8× slower here: a "win" against it is not one)
 */
export function torchRatioAllowed(kind: BlasKind): boolean {
  return kind === 'openblas' || kind === 'mkl';
}

/**
 * @param macs multiply-adds of one forward pass
 * @param ms its time
 * @returns sustained GFLOP/s (two FLOP per multiply-add)
 */
export function gflops(macs: number, ms: number): number {
  return (2 * macs) / (ms / 1000) / 1e9;
}

/**
 * @param values samples
 * @returns their median, or null when there are none
 */
export function medianOrNull(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * @param r a row
 * @param runtime which runtime
 * @param stat its median or its fastest run
 * @returns that latency, ms (null when it did not run)
 */
export function latency(r: PeerRow, runtime: Runtime, stat: 'median' | 'min'): number | null {
  return stat === 'median' ? r[`${runtime}_ms`] : r[`${runtime}_min_ms`];
}

/**
 * @param rows every row
 * @param num the runtime over...
 * @param den ...this one
 * @param stat medians (the targets) or the fastest runs
 * @returns per thread count, the geometric mean of num/den over the architectures both ran
 */
export function ratioGeomean(
  rows: readonly PeerRow[],
  num: Runtime,
  den: Runtime,
  stat: 'median' | 'min' = 'median',
): Record<number, number | null> {
  const out: Record<number, number | null> = {};
  for (const t of new Set(rows.map((r) => r.threads))) {
    const ratios = rows.flatMap((r) => {
      const [a, b] = [latency(r, num, stat), latency(r, den, stat)];
      return r.threads === t && a !== null && b !== null ? [a / b] : [];
    });
    out[t] = ratios.length ? geometricMean(ratios) : null;
  }
  return out;
}

/**
 * @param rows every row
 * @param stat medians (the target) or the fastest runs
 * @returns the geometric mean of tfjs/ort over the architectures both ran, per thread count
 */
export function tfjsOverOrt(
  rows: readonly PeerRow[],
  stat: 'median' | 'min' = 'median',
): Record<number, number | null> {
  return ratioGeomean(rows, 'tfjs', 'ort', stat);
}
