import { describe, expect, it } from 'vitest';
import {
  gflops,
  medianOrNull,
  peerRow,
  ratioGeomean,
  simdPeak,
  tfjsOverOrt,
  torchRatioAllowed,
  type PeerRow,
} from './peerReport.ts';
import { peerSummary, peerTable, peerTargets } from './peerTargets.ts';

interface Ms {
  app?: number | null;
  tfjs?: number | null;
  ort?: number | null;
}

/** A row from one run per runtime (null or absent: did not run), 4e9 multiply-adds. */
function row(arch: string, threads: number, ms: Ms, relaxed: number | null = 100): PeerRow {
  const runs = (v: number | null | undefined): number[] => (v == null ? [] : [v]);
  const samples = {
    arch,
    threads,
    input_size: 224,
    app_runs: runs(ms.app),
    engine: ms.app == null ? null : ('relaxed-simd' as const),
    tfjs_runs: runs(ms.tfjs),
    ort_runs: runs(ms.ort),
    torch_runs: [],
    notes: [],
  };
  return peerRow(samples, 4e9, { simd: 100, relaxedOneThread: relaxed });
}

describe('peer report', () => {
  it('never offers a ratio against the reference BLAS', () => {
    expect(torchRatioAllowed('openblas')).toBe(true);
    expect(torchRatioAllowed('mkl')).toBe(true);
    expect(torchRatioAllowed('reference')).toBe(false);
    expect(torchRatioAllowed('unknown')).toBe(false);
  });

  it('turns multiply-adds and ms into GFLOP/s, and takes medians', () => {
    expect(gflops(4e9, 200)).toBeCloseTo(40);
    expect(medianOrNull([])).toBeNull();
    expect(medianOrNull([3, 1, 2])).toBe(2);
    expect(medianOrNull([4, 1, 2, 3])).toBe(2.5);
  });

  it('takes medians and minimums, and rates the fastest runs against their peaks', () => {
    const samples = {
      arch: 'resnet50',
      threads: 2,
      input_size: 224,
      app_runs: [100, 80, 120],
      engine: 'simd' as const,
      tfjs_runs: [250, 200, 400],
      ort_runs: [],
      torch_runs: [90, 100],
      notes: ['x'],
    };
    const r = peerRow(samples, 4e9, { simd: 50, relaxedOneThread: 40 });
    expect(r).toMatchObject({ app_ms: 100, app_min_ms: 80, engine: 'simd' });
    expect(r).toMatchObject({ tfjs_ms: 250, tfjs_min_ms: 200, ort_ms: null, ort_min_ms: null });
    expect(r).toMatchObject({ torch_ms: 95, torch_min_ms: 90, notes: ['x'] });
    expect(r.app_gflops).toBeCloseTo(100); // 8 GFLOP in 0.08 s
    expect(r.app_peak_fraction).toBeCloseTo(100 / (2 * 40)); // 2 threads × the 1-thread peak
    expect(r.tfjs_gflops).toBeCloseTo(40);
    expect(r.tfjs_peak_fraction).toBeCloseTo(0.8);
    expect(r.ort_gflops).toBeNull();
    const unmeasured = peerRow(samples, 4e9, { simd: null, relaxedOneThread: null });
    expect(unmeasured.app_peak_fraction).toBeNull();
    expect(unmeasured.tfjs_peak_fraction).toBeNull();
  });

  it('takes geometric means of one runtime over another only where both ran', () => {
    const rows = [
      row('a', 1, { app: 25, tfjs: 50, ort: 100 }),
      row('b', 1, { app: 100, tfjs: 200, ort: 100 }),
      row('c', 1, { app: 10, tfjs: 100, ort: null }),
      row('d', 1, { app: null, tfjs: 100, ort: 100 }),
      row('a', 2, { app: 30, tfjs: 40, ort: 100 }),
    ];
    expect(tfjsOverOrt(rows)[1]).toBeCloseTo(1);
    expect(tfjsOverOrt(rows)[2]).toBeCloseTo(0.4);
    expect(ratioGeomean(rows, 'app', 'ort')[1]).toBeCloseTo(0.5); // √(0.25 × 1)
    expect(ratioGeomean(rows, 'app', 'ort', 'min')[2]).toBeCloseTo(0.3);
    expect(ratioGeomean(rows, 'app', 'tfjs')[1]).toBeCloseTo(Math.cbrt(0.5 * 0.5 * 0.1), 6);
    expect(ratioGeomean([row('a', 1, { app: 1 })], 'app', 'ort')[1]).toBeNull();
  });

  it('judges the targets from the app rows', () => {
    // 8 GFLOP in 0.2 s = 40 GFLOP/s: 80% of a 50 GFLOP/s peak, 60% of 66.7
    const rows = [
      row('resnet50', 1, { app: 200, ort: 300 }, 50),
      row('densenet121', 1, { app: 200, ort: 300 }, 40 / 0.6),
      row('efficientnet_b0', 1, { app: 80, ort: 100 }, 50),
      row('resnet50', 2, { app: 120, ort: 150 }, 50),
      row('densenet121', 2, { app: 130, ort: 200 }, 50),
      row('efficientnet_b0', 2, { app: 60, ort: 100 }, 50),
    ];
    const t = peerTargets(rows);
    expect(t.appVsOrt[1]?.value).toBeCloseTo(Math.cbrt((2 / 3) * (2 / 3) * 0.8));
    expect(t.appVsOrt[1]?.met).toBe(false); // 0.71
    expect(t.appVsOrt[2]?.value).toBeCloseTo(Math.cbrt(0.8 * 0.65 * 0.6));
    expect(t.appVsOrt[2]?.met).toBe(true);
    expect(t.efficientnetB0VsOrt[1]).toEqual({ value: 0.8, met: false });
    expect(t.efficientnetB0VsOrt[2]).toEqual({ value: 0.6, met: true });
    expect(t.peakAtOneThread.resnet50?.value).toBeCloseTo(0.8);
    expect(t.peakAtOneThread.resnet50?.met).toBe(true);
    expect(t.peakAtOneThread.densenet121?.value).toBeCloseTo(0.6);
    expect(t.peakAtOneThread.densenet121?.met).toBe(false);
    expect(t.resnet50Scaling.threads).toBe(2);
    expect(t.resnet50Scaling.value).toBeCloseTo(200 / 120);
    expect(t.resnet50Scaling.met).toBe(true);
  });

  it('prints what ran, the ratios and every model’s fraction of peak', () => {
    const rows = [
      row('resnet50', 1, { app: 200, tfjs: 300, ort: 250 }, 50),
      row('resnet50', 2, { app: 150, tfjs: 200, ort: 150 }, 50),
    ];
    const table = peerTable(rows, 'reference');
    expect(table[0]).toMatchObject({
      engine: 'relaxed-simd',
      'app ms': '200.0',
      'app/ort': '0.80',
    });
    expect(table[0]?.['of relaxed peak']).toBe('80%');
    expect(table[0]).not.toHaveProperty('app/torch'); // the reference BLAS: no ratio
    expect(peerTable(rows, 'openblas')[0]).toHaveProperty('app/torch');
    const summary = peerSummary(rows).join('\n');
    expect(summary).toMatch(
      /app\/ort geomean at 1 thread\(s\): medians 0\.800 \(≤ 0\.7: NOT met\)/,
    );
    expect(summary).toMatch(/resnet50 at 1 thread: 80% of the relaxed GEMM peak.*met/);
    expect(summary).toMatch(/at 2 thread\(s\): resnet50 53%/); // 53.3 GFLOP/s of 2 × 50
    expect(summary).toMatch(/ResNet50 app 1 → 2 threads: 1\.33× \(≥ 1\.6×: NOT met\)/);
  });

  it('takes the SIMD peak at N threads as the fastest round, at least N × one thread', () => {
    const rounds: Record<number, number[]> = { 1: [40, 46, 30], 2: [50, 70], 4: [] };
    const of = (t: number): number[] => rounds[t] ?? [];
    expect(simdPeak(1, of)).toBe(46);
    expect(simdPeak(2, of)).toBe(92); // the second core was busy in every 2-thread round
    expect(simdPeak(2, (t) => (t === 2 ? [95] : of(t)))).toBe(95);
    expect(simdPeak(4, of)).toBe(184);
    expect(simdPeak(1, () => [])).toBeNull();
  });
});
