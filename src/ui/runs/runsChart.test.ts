import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../study/architectures.ts';
import { runsStudies } from '../../study/runs.ts';
import { NO_RUNS, runsOverlay } from '../../study/runsOverlay.ts';
import type { ChartFilters, ChartPoint } from '../../study/selectors.ts';
import { BLIZNASHKI_CHEXPERT } from '../../study/studies/bliznashkiChexpert.ts';
import { makeRun } from '../../study/testing/runs.ts';
import { runsCaption, tableWithRuns } from './runsChart.tsx';

const filters: ChartFilters = { condition: 'both', hiddenFamilies: [], archs: [] };
const overlay = runsOverlay(
  'params-vs-auc',
  BLIZNASHKI_CHEXPERT,
  runsStudies([makeRun({ id: 'a' }), makeRun({ id: 'b', pretrained: false, meanAuc: 0.6 })]),
  ARCHITECTURES,
  filters,
  'paperEra',
);
const rowOf = (p: ChartPoint) => [p.label, p.y.toFixed(2)];
const table = { caption: 't', columns: ['Model', 'y'], rows: [['X', '0.90']] };

describe('My runs in chart tables and captions', () => {
  it('adds one row per run point and a Series column', () => {
    const t = tableWithRuns(table, overlay, rowOf);
    expect(t.columns).toEqual(['Model', 'y', 'Series']);
    expect(t.rows).toEqual([
      ['X', '0.90', 'study'],
      ['DenseNet121', '0.81', 'My runs: mean AUC on synthetic phantoms (right axis)'],
      ['DenseNet121', '0.60', 'My runs: mean AUC on synthetic phantoms (right axis)'],
    ]);
  });

  it('leaves the table alone and adds no caption when no run is shown', () => {
    expect(tableWithRuns(table, NO_RUNS, rowOf)).toBe(table);
    expect(runsCaption(3, NO_RUNS)).toEqual([]);
  });

  it('captions say where the runs are and that statistics exclude them', () => {
    const lines = runsCaption(0, overlay);
    expect(lines[0]).toBe(
      '★ My runs: 2 point(s) against the right-hand axis (My runs: mean AUC on synthetic phantoms). They are not part of this chart’s statistics.',
    );
    expect(lines[1]).toBe('This study itself has no point on this chart.');
  });
});
