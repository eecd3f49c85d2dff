import { describe, expect, it } from 'vitest';
import {
  gflops,
  medianOrNull,
  peerRow,
  peerTargets,
  simdPeak,
  tfjsOverOrt,
  torchRatioAllowed,
  type PeerRow,
} from './peerReport.ts';

/** A row from samples: `tfjs` and `ort` ms (one run each), or null for a runtime that did not run. */
function row(
  arch: string,
  threads: number,
  tfjs: number | null,
  ort: number | null,
  peak: number | null = 100,
): PeerRow {
  const runs = (ms: number | null): number[] => (ms === null ? [] : [ms]);
  const samples = {
    arch,
    threads,
    input_size: 224,
    app_runs: [],
    engine: 'relaxed-simd' as const,
    tfjs_runs: runs(tfjs),
    ort_runs: runs(ort),
    torch_runs: [],
    notes: [],
  };
  return peerRow(samples, 4e9, peak);
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

  it('takes medians and minimums, and rates the fastest run against the peak', () => {
    const r = peerRow(
      {
        arch: 'resnet50',
        threads: 1,
        input_size: 224,
        app_runs: [100, 150, 120],
        engine: 'relaxed-simd',
        tfjs_runs: [250, 200, 400],
        ort_runs: [],
        torch_runs: [90, 100],
        notes: ['x'],
      },
      4e9,
      50,
      100,
    );
    expect(r).toMatchObject({ app_ms: 120, app_min_ms: 100, engine: 'relaxed-simd' });
    expect(r.app_gflops).toBeCloseTo(80); // 8 GFLOP in 0.1 s
    expect(r.app_peak_fraction).toBeCloseTo(0.8); // of the engine's 100 GFLOP/s
    expect(r).toMatchObject({ tfjs_ms: 250, tfjs_min_ms: 200, ort_ms: null, ort_min_ms: null });
    expect(r).toMatchObject({ torch_ms: 95, torch_min_ms: 90, notes: ['x'] });
    expect(r.tfjs_gflops).toBeCloseTo(40); // 8 GFLOP in 0.2 s
    expect(r.tfjs_peak_fraction).toBeCloseTo(0.8);
    expect(r.ort_gflops).toBeNull();
    expect(peerRow({ ...r, ort_runs: [] }, 4e9, null).tfjs_peak_fraction).toBeNull();
  });

  it('takes the geometric mean of tfjs/ort only where both ran, per thread count', () => {
    const rows = [
      row('a', 1, 50, 100),
      row('b', 1, 200, 100),
      row('c', 1, 100, null),
      row('a', 2, 40, 100),
    ];
    expect(tfjsOverOrt(rows)[1]).toBeCloseTo(1);
    expect(tfjsOverOrt(rows)[2]).toBeCloseTo(0.4);
    expect(tfjsOverOrt(rows, 'min')[2]).toBeCloseTo(0.4);
  });

  it('judges the three targets from the rows', () => {
    const rows = [
      row('resnet50', 1, 200, 250, 8e9 / 0.2 / 1e9 / 0.72), // 72% of peak
      row('densenet121', 1, 200, 250, 8e9 / 0.2 / 1e9 / 0.6),
      row('resnet50', 2, 120, 130),
      row('densenet121', 2, 130, 130),
    ];
    const t = peerTargets(rows);
    expect(t.vsOrt[1]).toEqual({ value: 0.8, met: true });
    expect(t.vsOrt[2]?.met).toBe(false);
    expect(t.peakAtOneThread.resnet50?.value).toBeCloseTo(0.72);
    expect(t.peakAtOneThread.resnet50?.met).toBe(true);
    expect(t.peakAtOneThread.densenet121?.met).toBe(false);
    expect(t.resnet50Scaling.threads).toBe(2);
    expect(t.resnet50Scaling.value).toBeCloseTo(200 / 120);
    expect(t.resnet50Scaling.met).toBe(true);
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
