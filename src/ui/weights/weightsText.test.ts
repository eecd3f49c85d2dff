import { describe, expect, it } from 'vitest';
import type { LoadReport } from '../../worker/protocol.ts';
import { formatBytes, otherSkips, percentOf, removedByTruncation } from './weightsText.ts';

describe('weights card text helpers', () => {
  it('formats sizes in MB (10^6 bytes), with exact bytes below 1 MB', () => {
    expect(formatBytes(46_800_000)).toBe('46.80 MB');
    expect(formatBytes(223_872)).toBe('0.22 MB (223,872 bytes)');
    expect(formatBytes(0)).toBe('0.00 MB (0 bytes)');
  });

  it('gives whole percent, or null without a total', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(5, 5)).toBe(100);
    expect(percentOf(5, 0)).toBeNull();
  });

  it('splits skipped tensors into removed-by-truncation and the rest', () => {
    const report = {
      skipped: [
        { key: 'layer2.0.conv1.weight', reason: 'not used: removed by truncation' },
        { key: 'bn1.num_batches_tracked', reason: 'num_batches_tracked: a training counter' },
      ],
    } as Pick<LoadReport, 'skipped'> as LoadReport;
    expect(removedByTruncation(report).map((s) => s.key)).toEqual(['layer2.0.conv1.weight']);
    expect(otherSkips(report).map((s) => s.key)).toEqual(['bn1.num_batches_tracked']);
  });
});
