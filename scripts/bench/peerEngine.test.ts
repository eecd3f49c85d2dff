import { describe, expect, it } from 'vitest';
import { engineTargets } from './peerEngine.ts';
import { peerRow, type PeerRow } from './peerReport.ts';

/** A row with one run each of the app and ORT, 4 GMAC, and a relaxed peak of 100 GFLOP/s × t. */
function row(arch: string, threads: number, app: number | null, ort: number | null): PeerRow {
  const runs = (ms: number | null): number[] => (ms === null ? [] : [ms]);
  const samples = {
    arch,
    threads,
    input_size: 224,
    app_runs: runs(app),
    engine: 'relaxed-simd' as const,
    tfjs_runs: [],
    ort_runs: runs(ort),
    torch_runs: [],
    notes: [],
  };
  return peerRow(samples, 4e9, null, 100 * threads);
}

describe('engine targets', () => {
  it('takes the app/ort geomean per thread count over the architectures both ran', () => {
    const rows = [row('a', 1, 50, 100), row('b', 1, 80, 40), row('c', 1, 10, null)];
    const t = engineTargets(rows);
    expect(t.appOverOrt[1]?.value).toBeCloseTo(1, 9); // sqrt(0.5 * 2)
    expect(t.appOverOrt[1]?.met).toBe(false);
    expect(engineTargets([row('a', 1, 60, 100)]).appOverOrt[1]?.met).toBe(true);
  });

  it('judges EfficientNet-B0 alone, the fraction of relaxed peak and ResNet50 scaling', () => {
    // 8 GFLOP in 100 ms = 80 GFLOP/s = 80% of 100; at 2 threads 60 ms: 1.67x
    const rows = [
      row('efficientnet_b0', 1, 69, 100),
      row('efficientnet_b0', 2, 71, 100),
      row('resnet50', 1, 100, null),
      row('resnet50', 2, 60, null),
      row('densenet121', 1, 101, null),
    ];
    const t = engineTargets(rows);
    expect(t.efficientnetB0[1]?.met).toBe(true);
    expect(t.efficientnetB0[2]?.met).toBe(false);
    expect(t.peakAtOneThread['resnet50']?.value).toBeCloseTo(0.8, 9);
    expect(t.peakAtOneThread['resnet50']?.met).toBe(true);
    expect(t.peakAtOneThread['densenet121']?.met).toBe(false);
    expect(t.resnet50Scaling.value).toBeCloseTo(100 / 60, 9);
    expect(t.resnet50Scaling.met).toBe(true);
  });
});
