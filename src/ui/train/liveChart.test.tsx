import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../worker/protocol.ts';
import { LiveLineChart, chartDomains, niceTicks } from './LiveLineChart.tsx';
import { aucSeries, lossSeries } from './ProgressCharts.tsx';

function epoch(n: number, mean: number | null, cardiomegaly: number | null): EpochRecord {
  const tasks = ['Atelectasis', 'Cardiomegaly', 'Consolidation', 'Edema', 'Pleural Effusion'];
  return {
    epoch: n,
    trainLoss: 0.6,
    validationLoss: 0.5 - n / 100,
    meanAuc: mean,
    imagesPerSecond: 10,
    durationMs: 1000,
    perTaskAuc: tasks.map((task) => ({
      task,
      auc: task === 'Cardiomegaly' ? cardiomegaly : 0.7,
      positives: 3,
      negatives: 5,
    })),
  };
}

describe('live training charts', () => {
  it('niceTicks gives round steps covering the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 4)).toEqual([1, 2, 3, 4]);
    expect(niceTicks(0.31, 0.69)).toEqual([0.4, 0.5, 0.6]);
  });

  it('domains follow the data with a margin, or a fixed y range', () => {
    const s = lossSeries(
      [
        { x: 0.5, loss: 0.7 },
        { x: 1, loss: 0.5 },
      ],
      [],
    );
    const d = chartDomains(s, undefined, 0);
    expect(d.x).toEqual([0, 1]);
    expect(d.y[0]).toBeLessThan(0.5);
    expect(d.y[1]).toBeGreaterThan(0.7);
    expect(chartDomains(s, [0, 1], 1).y).toEqual([0, 1]);
  });

  it('an undefined AUC leaves a gap in its task curve, and the mean is drawn first', () => {
    const series = aucSeries([epoch(1, 0.6, 0.8), epoch(2, 0.65, null), epoch(3, 0.7, 0.9)]);
    expect(series[0]?.name).toBe('mean AUC');
    const { container } = render(
      <LiveLineChart title="AUC" series={series} xLabel="epoch" xMin={1} emptyText="none" />,
    );
    // mean + 4 unbroken tasks = 5 polylines; Cardiomegaly splits into two single points.
    const lines = container.querySelectorAll('polyline');
    expect(lines.length).toBe(7);
    expect(container.textContent).not.toContain('none');
  });

  it('says what will appear before any data', () => {
    const { container } = render(
      <LiveLineChart title="Loss" series={lossSeries([], [])} xLabel="epoch" emptyText="Soon." />,
    );
    expect(container.textContent).toContain('Soon.');
    expect(container.querySelectorAll('polyline').length).toBe(0);
  });
});
