/**
 * The peer benchmark's numbers, shaped (pure): rows of `bench-results/peer.json`, their sustained
 * GFLOP/s and fraction of the measured SIMD128 peak, the geometric means and the targets,
 * and the rule that no ratio against PyTorch is printed when it runs on the reference BLAS.
 */
import { geometricMean } from './torch.ts';

/** One architecture at one thread count, as measured: every timed run, in ms. */
export interface PeerSamples {
  arch: string;
  threads: number;
  input_size: number;
  /** The app's default CPU path: our engine (or tfjs-wasm where it cannot run). */
  app_runs: number[];
  /** What ran `app_runs`. */
  engine: 'relaxed-simd' | 'simd' | 'tfjs-wasm' | 'tfjs';
  /** tfjs-wasm's fused path (the app's CPU path before the engine). */
  tfjs_runs: number[];
  ort_runs: number[];
  torch_runs: number[];
  /** Why a runtime has no number (e.g. no torchvision model), or an error it raised. */
  notes: string[];
}

/**
 * A row of bench-results/peer.json. Latencies are medians (null, with a note, when a runtime did
 * not run). On a shared machine a run is slowed by whatever else runs; the fastest run is the
 * least disturbed, so GFLOP/s and the fraction of peak compare the fastest model run with the
 * fastest microkernel round, and the `_min_ms` fields keep the fastest runs too.
 */
export interface PeerRow extends PeerSamples {
  app_ms: number | null;
  app_min_ms: number | null;
  /** Sustained GFLOP/s of the app's fastest run. */
  app_gflops: number | null;
  /** app GFLOP/s over the engine's relaxed GEMM peak × threads (null if unmeasured). */
  app_peak_fraction: number | null;
  tfjs_ms: number | null;
  ort_ms: number | null;
  torch_ms: number | null;
  tfjs_min_ms: number | null;
  ort_min_ms: number | null;
  torch_min_ms: number | null;
  /** Multiply-adds of the model (1000-class head), from the zoo's analytic counter. */
  macs: number;
  /** Sustained GFLOP/s of the fastest run. */
  tfjs_gflops: number | null;
  /** tfjs GFLOP/s over the SIMD128 microkernel's peak at the same thread count. */
  tfjs_peak_fraction: number | null;
  ort_gflops: number | null;
  ort_peak_fraction: number | null;
}

const minOrNull = (v: readonly number[]): number | null => (v.length ? Math.min(...v) : null);

/**
 * @param s the samples
 * @param macs the model's multiply-adds
 * @param peakGflops the microkernel's fastest round at this thread count (null if unmeasured)
 * @returns the row: medians, minimums, GFLOP/s and fractions of peak
 */
export function peerRow(
  s: PeerSamples,
  macs: number,
  peakGflops: number | null,
  enginePeakGflops: number | null = null,
): PeerRow {
  const rate = (ms: number | null): number | null => (ms === null ? null : gflops(macs, ms));
  const frac = (ms: number | null): number | null =>
    ms === null || peakGflops === null ? null : gflops(macs, ms) / peakGflops;
  const [tfjsMin, ortMin, appMin] = [s.tfjs_runs, s.ort_runs, s.app_runs].map(minOrNull);
  const appRate = rate(appMin ?? null);
  return {
    ...s,
    app_ms: medianOrNull(s.app_runs),
    app_min_ms: appMin ?? null,
    app_gflops: appRate,
    app_peak_fraction:
      appRate === null || enginePeakGflops === null ? null : appRate / enginePeakGflops,
    tfjs_ms: medianOrNull(s.tfjs_runs),
    ort_ms: medianOrNull(s.ort_runs),
    torch_ms: medianOrNull(s.torch_runs),
    tfjs_min_ms: tfjsMin ?? null,
    ort_min_ms: ortMin ?? null,
    torch_min_ms: minOrNull(s.torch_runs),
    macs,
    tfjs_gflops: rate(tfjsMin ?? null),
    tfjs_peak_fraction: frac(tfjsMin ?? null),
    ort_gflops: rate(ortMin ?? null),
    ort_peak_fraction: frac(ortMin ?? null),
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
 * @param rows every row
 * @param who the app's default path (the engine) or tfjs-wasm's fused path
 * @param stat medians (the target) or the fastest runs
 * @returns the geometric mean of who/ort over the architectures both ran, per thread count
 */
export function overOrt(
  rows: readonly PeerRow[],
  who: 'app' | 'tfjs',
  stat: 'median' | 'min' = 'median',
): Record<number, number | null> {
  const out: Record<number, number | null> = {};
  const pick = (r: PeerRow): [number | null, number | null] =>
    who === 'app'
      ? stat === 'median'
        ? [r.app_ms, r.ort_ms]
        : [r.app_min_ms, r.ort_min_ms]
      : stat === 'median'
        ? [r.tfjs_ms, r.ort_ms]
        : [r.tfjs_min_ms, r.ort_min_ms];
  for (const t of new Set(rows.map((r) => r.threads))) {
    const ratios = rows.flatMap((r) => {
      const [a, b] = pick(r);
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
  return overOrt(rows, 'tfjs', stat);
}

/** The three targets, each with its measured value and whether it is met. */
export interface PeerTargets {
  /** tfjs ≤ 0.85 × ort, geometric mean, at each thread count. */
  vsOrt: Record<number, { value: number | null; met: boolean }>;
  /** ≥ 70% of the SIMD128 peak at one thread. */
  peakAtOneThread: Record<string, { value: number | null; met: boolean }>;
  /** ResNet50 1 → N threads speed-up ≥ 1.6 (N = the most threads measured). */
  resnet50Scaling: { threads: number; value: number | null; met: boolean };
}

/**
 * @param rows every row
 * @returns the targets' values and verdicts
 */
export function peerTargets(rows: readonly PeerRow[]): PeerTargets {
  const ratios = tfjsOverOrt(rows);
  const vsOrt = Object.fromEntries(
    Object.entries(ratios).map(([t, v]) => [t, { value: v, met: v !== null && v <= 0.85 }]),
  );
  const at = (arch: string, t: number): PeerRow | undefined =>
    rows.find((r) => r.arch === arch && r.threads === t);
  const peakAtOneThread = Object.fromEntries(
    ['resnet50', 'densenet121'].map((arch) => {
      const v = at(arch, 1)?.tfjs_peak_fraction ?? null;
      return [arch, { value: v, met: v !== null && v >= 0.7 }];
    }),
  );
  const most = Math.max(...rows.map((r) => r.threads));
  const one = at('resnet50', 1)?.tfjs_ms ?? null;
  const many = at('resnet50', most)?.tfjs_ms ?? null;
  const scaling = one !== null && many !== null && most > 1 ? one / many : null;
  return {
    vsOrt,
    peakAtOneThread,
    resnet50Scaling: { threads: most, value: scaling, met: scaling !== null && scaling >= 1.6 },
  };
}

const f = (v: number | null, digits = 1): string => (v === null ? '-' : v.toFixed(digits));

/**
 * Prints the side-by-side table and the targets.
 * @param rows every row
 * @param blas the BLAS PyTorch loaded (ratios against PyTorch only when tuned)
 */
export function printPeer(rows: readonly PeerRow[], blas: BlasKind): void {
  const withTorch = torchRatioAllowed(blas);
  console.table(
    rows.map((r) => ({
      arch: r.arch,
      threads: r.threads,
      'tfjs ms': f(r.tfjs_ms),
      'ort ms': f(r.ort_ms),
      'torch ms': f(r.torch_ms),
      'min t/o/p': [r.tfjs_min_ms, r.ort_min_ms, r.torch_min_ms].map((v) => f(v, 0)).join('/'),
      'tfjs/ort': f(r.tfjs_ms !== null && r.ort_ms !== null ? r.tfjs_ms / r.ort_ms : null, 2),
      ...(withTorch
        ? { 'tfjs/torch': f(r.tfjs_ms && r.torch_ms ? r.tfjs_ms / r.torch_ms : null, 2) }
        : {}),
      'tfjs GFLOP/s': f(r.tfjs_gflops),
      'of peak': f(r.tfjs_peak_fraction === null ? null : 100 * r.tfjs_peak_fraction, 0) + '%',
      'ort of peak': f(r.ort_peak_fraction === null ? null : 100 * r.ort_peak_fraction, 0) + '%',
    })),
  );
  if (!withTorch)
    console.log(
      `PyTorch loaded the ${blas} BLAS: no ratio against it is printed (it is not a fair ` +
        'baseline). Install OpenBLAS: apt-get install libopenblas0-pthread.',
    );
  const t = peerTargets(rows);
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
  const fastest = tfjsOverOrt(rows, 'min');
  for (const [threads, v] of Object.entries(t.vsOrt))
    console.log(
      `tfjs/ort geomean at ${threads} thread(s): medians ${f(v.value, 3)} (≤ 0.85: ${verdict(v.met)}); fastest runs ${f(fastest[Number(threads)] ?? null, 3)}`,
    );
  for (const [arch, v] of Object.entries(t.peakAtOneThread))
    console.log(
      `${arch} at 1 thread: ${f(v.value === null ? null : 100 * v.value, 0)}% of the SIMD128 peak, fastest run vs fastest round (≥ 70%: ${verdict(v.met)})`,
    );
  const s = t.resnet50Scaling;
  console.log(`ResNet50 1 → ${s.threads} threads: ${f(s.value, 2)}× (≥ 1.6×: ${verdict(s.met)})`);
}
