import { describe, expect, it } from 'vitest';
import {
  gflops,
  medianOrNull,
  peerTargets,
  tfjsOverOrt,
  torchRatioAllowed,
  type PeerRow,
} from './peerReport.ts';

function row(arch: string, threads: number, over: Partial<PeerRow> = {}): PeerRow {
  return {
    arch,
    threads,
    tfjs_ms: 100,
    ort_ms: 100,
    torch_ms: 50,
    input_size: 224,
    macs: 4e9,
    tfjs_gflops: 80,
    tfjs_peak_fraction: 0.5,
    ort_gflops: 80,
    ort_peak_fraction: 0.5,
    tfjs_runs: [],
    ort_runs: [],
    torch_runs: [],
    notes: [],
    ...over,
  };
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

  it('takes the geometric mean of tfjs/ort only where both ran, per thread count', () => {
    const rows = [
      row('a', 1, { tfjs_ms: 50, ort_ms: 100 }),
      row('b', 1, { tfjs_ms: 200, ort_ms: 100 }),
      row('c', 1, { ort_ms: null }),
      row('a', 2, { tfjs_ms: 40, ort_ms: 100 }),
    ];
    expect(tfjsOverOrt(rows)[1]).toBeCloseTo(1);
    expect(tfjsOverOrt(rows)[2]).toBeCloseTo(0.4);
  });

  it('judges the three targets from the rows', () => {
    const rows = [
      row('resnet50', 1, { tfjs_ms: 200, ort_ms: 250, tfjs_peak_fraction: 0.72 }),
      row('densenet121', 1, { tfjs_ms: 200, ort_ms: 250, tfjs_peak_fraction: 0.6 }),
      row('resnet50', 2, { tfjs_ms: 120, ort_ms: 130 }),
      row('densenet121', 2, { tfjs_ms: 130, ort_ms: 130 }),
    ];
    const t = peerTargets(rows);
    expect(t.vsOrt[1]).toEqual({ value: 0.8, met: true });
    expect(t.vsOrt[2]?.met).toBe(false);
    expect(t.peakAtOneThread.resnet50).toEqual({ value: 0.72, met: true });
    expect(t.peakAtOneThread.densenet121?.met).toBe(false);
    expect(t.resnet50Scaling.threads).toBe(2);
    expect(t.resnet50Scaling.value).toBeCloseTo(200 / 120);
    expect(t.resnet50Scaling.met).toBe(true);
  });
});
