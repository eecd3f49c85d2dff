/**
 * The targets for the app's default CPU path (the engine), judged from the peer rows
 * (pure), and the printed table with its summary lines:
 * - app ≤ 0.70 × onnxruntime-web, geometric mean over the architectures both run, per thread count;
 * - EfficientNet-B0 ≤ 0.70 × onnxruntime-web on its own;
 * - ResNet50 and DenseNet121 at 1 thread ≥ 80% of the engine's relaxed GEMM peak;
 * - ResNet50 1 → N threads ≥ 1.6×.
 */
import {
  ratioGeomean,
  torchRatioAllowed,
  type BlasKind,
  type PeerRow,
  type Runtime,
} from './peerReport.ts';

/** A measured value and whether it meets its target. */
export interface Verdict {
  value: number | null;
  met: boolean;
}

/** The targets, each with its measured value and whether it is met. */
export interface PeerTargets {
  /** app/ort geometric mean (medians) ≤ 0.70, per thread count. */
  appVsOrt: Record<number, Verdict>;
  /** EfficientNet-B0's app/ort (medians) ≤ 0.70, per thread count. */
  efficientnetB0VsOrt: Record<number, Verdict>;
  /** ≥ 80% of the relaxed GEMM peak at one thread (fastest run vs fastest round). */
  peakAtOneThread: Record<string, Verdict>;
  /** ResNet50 1 → N threads app speed-up ≥ 1.6 (N = the most threads measured). */
  resnet50Scaling: Verdict & { threads: number };
}

export const TARGET_VS_ORT = 0.7;
export const TARGET_PEAK = 0.8;
export const TARGET_SCALING = 1.6;

const at = (rows: readonly PeerRow[], arch: string, t: number): PeerRow | undefined =>
  rows.find((r) => r.arch === arch && r.threads === t);

const threadCounts = (rows: readonly PeerRow[]): number[] =>
  [...new Set(rows.map((r) => r.threads))].sort((a, b) => a - b);

/**
 * @param rows every row
 * @returns the targets' values and verdicts
 */
export function peerTargets(rows: readonly PeerRow[]): PeerTargets {
  const below = (v: number | null): Verdict => ({
    value: v,
    met: v !== null && v <= TARGET_VS_ORT,
  });
  const appVsOrt = Object.fromEntries(
    Object.entries(ratioGeomean(rows, 'app', 'ort')).map(([t, v]) => [t, below(v)]),
  );
  const efficientnetB0VsOrt = Object.fromEntries(
    threadCounts(rows).map((t) => {
      const r = at(rows, 'efficientnet_b0', t);
      const v = r?.app_ms != null && r.ort_ms != null ? r.app_ms / r.ort_ms : null;
      return [t, below(v)];
    }),
  );
  const peakAtOneThread = Object.fromEntries(
    ['resnet50', 'densenet121'].map((arch) => {
      const v = at(rows, arch, 1)?.app_peak_fraction ?? null;
      return [arch, { value: v, met: v !== null && v >= TARGET_PEAK }];
    }),
  );
  const most = Math.max(...threadCounts(rows));
  const one = at(rows, 'resnet50', 1)?.app_ms ?? null;
  const many = at(rows, 'resnet50', most)?.app_ms ?? null;
  const scaling = one !== null && many !== null && most > 1 ? one / many : null;
  return {
    appVsOrt,
    efficientnetB0VsOrt,
    peakAtOneThread,
    resnet50Scaling: {
      threads: most,
      value: scaling,
      met: scaling !== null && scaling >= TARGET_SCALING,
    },
  };
}

const f = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined ? '-' : v.toFixed(digits);
const pct = (v: number | null): string => (v === null ? '-' : `${(100 * v).toFixed(0)}%`);
const ratio = (a: number | null, b: number | null): string =>
  f(a !== null && b !== null ? a / b : null, 2);

/**
 * @param rows every row
 * @param blas the BLAS PyTorch loaded (ratios against PyTorch only when tuned)
 * @returns the table's rows, one per architecture and thread count
 */
export function peerTable(rows: readonly PeerRow[], blas: BlasKind): Record<string, string>[] {
  const withTorch = torchRatioAllowed(blas);
  const runtimes: Runtime[] = ['app', 'tfjs', 'ort', 'torch'];
  return rows.map((r) => ({
    arch: r.arch,
    threads: String(r.threads),
    engine: r.engine ?? '-',
    'app ms': f(r.app_ms),
    'tfjs ms': f(r.tfjs_ms),
    'ort ms': f(r.ort_ms),
    'torch ms': f(r.torch_ms),
    'min a/t/o/p': runtimes.map((k) => f(r[`${k}_min_ms`], 0)).join('/'),
    'app/ort': ratio(r.app_ms, r.ort_ms),
    'app/tfjs': ratio(r.app_ms, r.tfjs_ms),
    ...(withTorch ? { 'app/torch': ratio(r.app_ms, r.torch_ms) } : {}),
    'app GFLOP/s': f(r.app_gflops),
    'of relaxed peak': pct(r.app_peak_fraction),
  }));
}

/**
 * @param rows every row
 * @returns the summary lines: the targets with verdicts, and every model's fraction of peak
 */
export function peerSummary(rows: readonly PeerRow[]): string[] {
  const t = peerTargets(rows);
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
  const lines: string[] = [];
  const fastest = ratioGeomean(rows, 'app', 'ort', 'min');
  const tfjs = ratioGeomean(rows, 'tfjs', 'ort');
  for (const [threads, v] of Object.entries(t.appVsOrt))
    lines.push(
      `app/ort geomean at ${threads} thread(s): medians ${f(v.value, 3)} (≤ ${TARGET_VS_ORT}: ${verdict(v.met)}); fastest runs ${f(fastest[Number(threads)], 3)}; tfjs/ort ${f(tfjs[Number(threads)], 3)}`,
    );
  for (const [threads, v] of Object.entries(t.efficientnetB0VsOrt))
    lines.push(
      `EfficientNet-B0 app/ort at ${threads} thread(s): ${f(v.value, 3)} (≤ ${TARGET_VS_ORT}: ${verdict(v.met)})`,
    );
  for (const [arch, v] of Object.entries(t.peakAtOneThread))
    lines.push(
      `${arch} at 1 thread: ${pct(v.value)} of the relaxed GEMM peak, fastest run vs fastest round (≥ ${100 * TARGET_PEAK}%: ${verdict(v.met)})`,
    );
  for (const threads of threadCounts(rows))
    lines.push(
      `fraction of relaxed peak (× threads) at ${threads} thread(s): ` +
        rows
          .filter((r) => r.threads === threads)
          .map((r) => `${r.arch} ${pct(r.app_peak_fraction)}`)
          .join(', '),
    );
  const s = t.resnet50Scaling;
  lines.push(
    `ResNet50 app 1 → ${s.threads} threads: ${f(s.value, 2)}× (≥ ${TARGET_SCALING}×: ${verdict(s.met)})`,
  );
  return lines;
}

/**
 * Prints the side-by-side table and the summary lines.
 * @param rows every row
 * @param blas the BLAS PyTorch loaded
 */
export function printPeer(rows: readonly PeerRow[], blas: BlasKind): void {
  console.table(peerTable(rows, blas));
  if (!torchRatioAllowed(blas))
    console.log(
      `PyTorch loaded the ${blas} BLAS: no ratio against it is printed (it is not a fair ` +
        'baseline). Install OpenBLAS: apt-get install libopenblas0-pthread.',
    );
  for (const line of peerSummary(rows)) console.log(line);
}
