import { describe, expect, it } from 'vitest';
import { CATALOG } from '../zoo/catalog.ts';
import { ARCHITECTURES } from './architectures.ts';
import type { RunRecord } from './runs.ts';
import { runsStudies } from './runs.ts';
import { NO_RUNS, runsOverlay } from './runsOverlay.ts';
import type { ChartFilters } from './selectors.ts';
import { top1VsMetric } from './selectors.ts';
import { CHEXTRANSFER } from './studies/chextransfer.ts';
import { makeRun } from './testing/runs.ts';

const filters: ChartFilters = { condition: 'both', hiddenFamilies: [], archs: [] };

const chexpert = (over: Partial<RunRecord>): RunRecord =>
  makeRun({
    dataset: { kind: 'chexpert', label: 'CheXpert', trainImages: 10, validationImages: 5 },
    ...over,
  });
const nih = (over: Partial<RunRecord>): RunRecord =>
  makeRun({
    dataset: { kind: 'nih', label: 'NIH', trainImages: 10, validationImages: 5 },
    ...over,
  });

const overlay = (chart: Parameters<typeof runsOverlay>[0], runs: RunRecord[], f = filters) =>
  runsOverlay(chart, CHEXTRANSFER, runsStudies(runs), ARCHITECTURES, f, 'paperEra');

describe('My runs on a study chart', () => {
  it('CheXpert runs share the study axis; synthetic runs get the right-hand axis', () => {
    const o = overlay('top1-vs-auc', [
      makeRun({ id: 's1' }),
      chexpert({ id: 'c1', meanAuc: 0.77 }),
    ]);
    expect(o.layers.map((l) => [l.axis, l.label, l.axisLabel, l.points.length])).toEqual([
      ['left', 'My runs', 'My runs: AUC, CheXpert', 1],
      ['right', 'My runs: mean AUC on synthetic phantoms', 'My runs: AUC, synthetic', 1],
    ]);
    // A pretrained run used the app's own ImageNet weights: x is their top-1, not a table's.
    const top1 = CATALOG.densenet121.weights.top1.value;
    expect(o.layers[0]?.points[0]).toMatchObject({ x: top1, y: 0.77, arch: 'densenet121' });
    expect(o.layers[0]?.points[0]?.xSource).toContain('timm/densenet121.tv_in1k');
    expect(o.layers[0]?.points[0]?.id).toMatch(/^run:my-runs-chexpert:/);
  });

  it('never changes the study series or its statistics', () => {
    const before = top1VsMetric(CHEXTRANSFER, ARCHITECTURES, filters, 'paperEra');
    overlay('top1-vs-auc', [chexpert({ id: 'c1' })]);
    expect(top1VsMetric(CHEXTRANSFER, ARCHITECTURES, filters, 'paperEra')).toEqual(before);
  });

  it('draws nothing when the study shown is itself My runs', () => {
    const studies = runsStudies([makeRun()]);
    const own = studies[0];
    if (!own) throw new Error('no study');
    expect(runsOverlay('params-vs-auc', own, studies, ARCHITECTURES, filters, 'timm')).toBe(
      NO_RUNS,
    );
  });

  it('a third metric has no axis and is listed as not plotted', () => {
    const o = overlay('params-vs-auc', [
      makeRun({ id: 's1' }),
      makeRun({ id: 's2', arch: 'resnet50', params: 23_000_000 }),
      nih({ id: 'n1' }),
    ]);
    expect(o.layers.map((l) => [l.axis, l.points.length])).toEqual([['right', 2]]);
    expect(o.excluded.map((e) => e.reason).join(' ')).toMatch(/third metric .*NIH/);
  });

  it('boost pairs a pretrained and a random run of the same arch and depth', () => {
    const o = overlay('boost-vs-params', [
      makeRun({ id: 'p', meanAuc: 0.8 }),
      makeRun({ id: 'r', pretrained: false, meanAuc: 0.7 }),
      makeRun({ id: 'lonely', arch: 'resnet18', pretrained: false }),
    ]);
    expect(o.layers).toHaveLength(1);
    expect(o.layers[0]?.label).toBe('My runs: boost in mean AUC on synthetic phantoms');
    expect(o.layers[0]?.points.map((p) => p.y.toFixed(4))).toEqual(['0.1000']);
  });

  it('truncation joins one arch’s depths, full model first, x = the run’s params', () => {
    const o = overlay('truncation', [
      makeRun({ id: 'a', unitsRemoved: 2, params: 3_000_000, meanAuc: 0.7 }),
      makeRun({ id: 'b', unitsRemoved: 0, params: 7_000_000 }),
      makeRun({ id: 'c', arch: 'resnet18', params: 11_000_000 }),
    ]);
    const layer = o.layers[0];
    expect(layer?.points).toHaveLength(3);
    expect(layer?.lines.map((l) => l.map((p) => [p.unitsRemoved, p.x]))).toEqual([
      [
        [0, 7_000_000],
        [2, 3_000_000],
      ],
    ]);
  });

  it('the size chart draws a truncated run at the parameter count it recorded', () => {
    const o = overlay('params-vs-auc', [
      makeRun({ id: 'quick', arch: 'mobilenetv2_100', unitsRemoved: 5, params: 25_957 }),
    ]);
    expect(o.layers[0]?.points.map((p) => [p.unitsRemoved, p.x])).toEqual([[5, 25_957]]);
    expect(o.excluded).toEqual([]);
  });

  it('filters apply to runs as to the study', () => {
    const hidden = { ...filters, hiddenFamilies: ['DenseNet'] };
    expect(overlay('params-vs-auc', [makeRun()], hidden).layers).toEqual([]);
    const randomOnly = { ...filters, condition: 'random' as const };
    expect(overlay('params-vs-auc', [makeRun()], randomOnly).layers).toEqual([]);
  });
});
