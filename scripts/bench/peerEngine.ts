/**
 * The engine's targets in the peer benchmark (issue 20), from the rows (pure): the app's default
 * CPU path (`app_ms`, the engine) against onnxruntime-web as a geometric mean at each thread
 * count and for EfficientNet-B0 alone (≤ 0.70×), ResNet50 and DenseNet121 at one thread as a
 * fraction of the engine's own relaxed-SIMD GEMM peak (≥ 80%), and ResNet50's 1 → 2 thread
 * scaling (≥ 1.6×).
 */
import { overOrt, type PeerRow } from './peerReport.ts';

/** One target: the measured value and whether it is met. */
export interface Verdict {
  readonly value: number | null;
  readonly met: boolean;
}

export interface EngineTargets {
  /** app/ort geomean (medians) per thread count, ≤ 0.70. */
  readonly appOverOrt: Record<number, Verdict>;
  /** EfficientNet-B0's app/ort (medians) per thread count, ≤ 0.70. */
  readonly efficientnetB0: Record<number, Verdict>;
  /** Fraction of the relaxed GEMM peak at one thread (fastest run), ≥ 0.80. */
  readonly peakAtOneThread: Record<string, Verdict>;
  /** ResNet50 1 → N threads (medians of app_ms), ≥ 1.6. */
  readonly resnet50Scaling: Verdict & { readonly threads: number };
}

const at = (rows: readonly PeerRow[], arch: string, t: number): PeerRow | undefined =>
  rows.find((r) => r.arch === arch && r.threads === t);

const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : a / b;

/**
 * @param rows every row
 * @returns the engine targets' values and verdicts
 */
export function engineTargets(rows: readonly PeerRow[]): EngineTargets {
  const threads = [...new Set(rows.map((r) => r.threads))];
  const appOverOrt = Object.fromEntries(
    Object.entries(overOrt(rows, 'app')).map(([t, v]) => [
      t,
      { value: v, met: v !== null && v <= 0.7 },
    ]),
  );
  const efficientnetB0 = Object.fromEntries(
    threads.map((t) => {
      const r = at(rows, 'efficientnet_b0', t);
      const v = ratio(r?.app_ms, r?.ort_ms);
      return [t, { value: v, met: v !== null && v <= 0.7 }];
    }),
  );
  const peakAtOneThread = Object.fromEntries(
    ['resnet50', 'densenet121'].map((arch) => {
      const v = at(rows, arch, 1)?.app_peak_fraction ?? null;
      return [arch, { value: v, met: v !== null && v >= 0.8 }];
    }),
  );
  const most = Math.max(...threads);
  const v =
    most > 1 ? ratio(at(rows, 'resnet50', 1)?.app_ms, at(rows, 'resnet50', most)?.app_ms) : null;
  return {
    appOverOrt,
    efficientnetB0,
    peakAtOneThread,
    resnet50Scaling: { threads: most, value: v, met: v !== null && v >= 1.6 },
  };
}

const f = (v: number | null, digits = 2): string => (v === null ? '-' : v.toFixed(digits));
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

/**
 * Prints the engine's table (app, tfjs, ort, torch per row) and its targets.
 * @param rows every row
 * @param peaks the engine's GEMM microbenchmark at one thread, GFLOP/s
 */
export function printEngine(
  rows: readonly PeerRow[],
  peaks: { simd: number | null; relaxed: number | null },
): void {
  console.table(
    rows.map((r) => ({
      arch: r.arch,
      threads: r.threads,
      engine: r.engine,
      'app ms': f(r.app_ms, 1),
      'tfjs ms': f(r.tfjs_ms, 1),
      'ort ms': f(r.ort_ms, 1),
      'torch ms': f(r.torch_ms, 1),
      'app/ort': f(ratio(r.app_ms, r.ort_ms)),
      'app GFLOP/s': f(r.app_gflops, 1),
      'of relaxed peak':
        r.app_peak_fraction === null ? '-' : `${(100 * r.app_peak_fraction).toFixed(0)}%`,
    })),
  );
  console.log(
    `Engine GEMM peak at 1 thread, GFLOP/s: simd ${f(peaks.simd, 1)}, relaxed ${f(peaks.relaxed, 1)}`,
  );
  const t = engineTargets(rows);
  const fastest = overOrt(rows, 'app', 'min');
  for (const [threads, v] of Object.entries(t.appOverOrt))
    console.log(
      `app/ort geomean at ${threads} thread(s): medians ${f(v.value, 3)} (≤ 0.70: ${verdict(v.met)}); fastest runs ${f(fastest[Number(threads)] ?? null, 3)}`,
    );
  for (const [threads, v] of Object.entries(t.efficientnetB0))
    console.log(
      `EfficientNet-B0 app/ort at ${threads} thread(s): ${f(v.value, 3)} (≤ 0.70: ${verdict(v.met)})`,
    );
  for (const [arch, v] of Object.entries(t.peakAtOneThread))
    console.log(
      `${arch} at 1 thread: ${v.value === null ? '-' : (100 * v.value).toFixed(0)}% of the relaxed GEMM peak (≥ 80%: ${verdict(v.met)})`,
    );
  const s = t.resnet50Scaling;
  console.log(`ResNet50 app 1 → ${s.threads} threads: ${f(s.value)}× (≥ 1.6×: ${verdict(s.met)})`);
}
