import { describe, expect, it } from 'vitest';
import { countTruncated } from '../../zoo/analytic.ts';
import { depthSeries, latencyKey, tableRows } from './compareNumbers.ts';

describe('Lab comparison numbers', () => {
  it('the table lists each architecture at the whole-unit depths nearest 100/75/50/25% kept', () => {
    const rows = tableRows(['resnet18', 'densenet121']);
    expect(rows.map((r) => [r.arch, r.depth.unitsKept, r.unitsTotal])).toEqual([
      ['resnet18', 8, 8],
      ['resnet18', 6, 8],
      ['resnet18', 4, 8],
      ['resnet18', 2, 8],
      ['densenet121', 62, 62],
      ['densenet121', 47, 62],
      ['densenet121', 31, 62],
      ['densenet121', 16, 62],
    ]);
  });

  it('every row carries the analytic counts of that truncation with a 5-output head', () => {
    for (const r of tableRows(['mobilenetv3_large_100', 'inception_v4'])) {
      const count = countTruncated(r.arch, {
        unitsRemoved: r.unitsTotal - r.depth.unitsKept,
        numClasses: 5,
      });
      expect(r.depth.trainable).toBe(count.trainable);
      expect(r.depth.macs).toBe(count.macs);
      expect(r.depth.unitsRemoved).toBe(r.unitsTotal - r.depth.unitsKept);
    }
  });

  it('the chart series runs from one unit kept to the full model', () => {
    const series = depthSeries('resnet50');
    expect(series).toHaveLength(16);
    expect(series[0]?.depth.unitsKept).toBe(1);
    expect(series.at(-1)?.keptPct).toBe(100);
    expect(series.at(-1)?.depth.unitsRemoved).toBe(0);
  });

  it('latency keys tell depths and architectures apart', () => {
    expect(latencyKey('resnet18', 2)).not.toBe(latencyKey('resnet18', 3));
    expect(latencyKey('resnet18', 2)).not.toBe(latencyKey('resnet50', 2));
  });
});
