import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import { PUBLISHED_STUDIES, getStudy } from './library.ts';
import type { ChartFilters } from './selectors.ts';
import { configurationIndices } from './design.ts';
import {
  OTHER_FAMILY,
  boostVsParams,
  filteredResults,
  pairUp,
  paramsVsMetric,
  top1VsMetric,
  truncationLines,
  unverifiedOf,
} from './selectors.ts';
import type { ModelResult, Study } from './types.ts';

const ALL: ChartFilters = { condition: 'both', hiddenFamilies: [], archs: [] };

function result(
  arch: string,
  pretrained: boolean | null,
  value: number,
  extra: Partial<ModelResult> = {},
): ModelResult {
  return {
    arch,
    pretrained,
    unitsRemoved: 0,
    params: null,
    inputSize: 224,
    value,
    sd: null,
    perLabel: null,
    flags: [],
    source: `test row ${arch}`,
    note: '',
    ...extra,
  };
}

const base = getStudy('chextransfer');
if (!base) throw new Error('chextransfer missing from the library');

const SYNTHETIC: Study = {
  ...base,
  id: 'synthetic',
  kind: 'imported',
  results: [
    result('densenet121', false, 0.8),
    result('densenet121', true, 0.85),
    result('resnet18', false, 0.78),
    result('resnet18', true, 0.84),
    result('resnet50', true, 0.86),
    result('mobilenetv2_100', true, 0.82),
    result('efficientnet_b3', true, 0.83),
    result('densenet121', true, 0.84, { unitsRemoved: 1, params: 4_283_790 }),
    result('densenet121', true, 0.8, { unitsRemoved: 2, params: 1_305_742 }),
    result('densenet121', true, 0.79, { unitsRemoved: 3 }),
    result('not_a_known_arch', true, 0.7),
  ],
};

describe('top1VsMetric', () => {
  it.each([
    // [filters, expected points, expected arrows]
    [{ ...ALL }, 7, 2],
    [{ ...ALL, condition: 'pretrained' as const }, 5, 0],
    [{ ...ALL, condition: 'random' as const }, 2, 0],
    [{ ...ALL, hiddenFamilies: ['DenseNet'] }, 5, 1],
    [{ ...ALL, archs: ['resnet18', 'resnet50'] }, 3, 1],
  ])('filters %j give %i points and %i arrows', (filters, points, arrows) => {
    const series = top1VsMetric(SYNTHETIC, ARCHITECTURES, filters, 'paperEra');
    expect(series.points).toHaveLength(points);
    expect(series.arrows).toHaveLength(arrows);
  });

  it('excludes an unknown architecture with a reason instead of inventing its top-1', () => {
    const series = top1VsMetric(SYNTHETIC, ARCHITECTURES, ALL, 'paperEra');
    expect(series.excluded).toEqual([
      { arch: 'not_a_known_arch', reason: expect.stringContaining('no ImageNet top-1') },
    ]);
  });

  it('takes x from the chosen top-1 set and y from the result', () => {
    const series = top1VsMetric(SYNTHETIC, ARCHITECTURES, { ...ALL, condition: 'random' }, 'timm');
    const dn = series.points.find((p) => p.arch === 'densenet121');
    expect(dn?.x).toBe(ARCHITECTURES.densenet121?.top1.timm?.value);
    expect(dn?.y).toBe(0.8);
    expect(dn?.source).toBe('test row densenet121');
  });

  it('hiding a family changes the statistic input', () => {
    const all = top1VsMetric(SYNTHETIC, ARCHITECTURES, ALL, 'paperEra').stats;
    const noDense = top1VsMetric(
      SYNTHETIC,
      ARCHITECTURES,
      { ...ALL, hiddenFamilies: ['DenseNet'] },
      'paperEra',
    ).stats;
    const pre = (s: typeof all) => s.find((x) => x.group === 'pretrained');
    expect(pre(all)?.x).toHaveLength(5);
    expect(pre(noDense)?.x).toHaveLength(4);
    expect(pre(noDense)?.y).not.toContain(0.85);
  });

  it('attaches reported statistics with the same relation and condition', () => {
    const stats = top1VsMetric(SYNTHETIC, ARCHITECTURES, ALL, 'paperEra').stats;
    expect(stats.find((s) => s.group === 'random')?.reported.map((r) => r.value)).toEqual([0.08]);
    expect(stats.find((s) => s.group === 'pretrained')?.reported.map((r) => r.value)).toEqual([
      0.06,
    ]);
  });
});

describe('paramsVsMetric', () => {
  it('uses the catalog parameter count and log10 for the statistic', () => {
    const series = paramsVsMetric(SYNTHETIC, ARCHITECTURES, { ...ALL, condition: 'random' });
    expect(series.points.map((p) => p.x)).toEqual([7_978_856, 11_689_512]);
    expect(series.stats[0]?.x).toEqual([Math.log10(7_978_856), Math.log10(11_689_512)]);
  });
});

describe('boostVsParams', () => {
  it('pairs pretrained with random for the same architecture and truncation', () => {
    const series = boostVsParams(SYNTHETIC, ARCHITECTURES, ALL);
    expect(series.points.map((p) => [p.arch, Number(p.y.toFixed(4))])).toEqual([
      ['densenet121', 0.05],
      ['resnet18', 0.06],
    ]);
    expect(series.paired).toEqual({ pretrained: [0.85, 0.84], random: [0.8, 0.78] });
    expect(series.stats[0]?.reported.map((r) => r.value)).toEqual([-0.72]);
  });

  it('does not pair across different input sizes', () => {
    const study: Study = {
      ...SYNTHETIC,
      results: [result('resnet18', true, 0.8, { inputSize: 128 }), result('resnet18', false, 0.7)],
    };
    expect(boostVsParams(study, ARCHITECTURES, ALL).points).toHaveLength(0);
  });
});

describe('truncationLines', () => {
  it('connects one architecture’s depths in order and skips depths without a parameter count', () => {
    const { lines, excluded } = truncationLines(SYNTHETIC, ARCHITECTURES, ALL);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.points.map((p) => p.unitsRemoved)).toEqual([0, 1, 2]);
    expect(excluded).toHaveLength(1);
  });

  it('computes full ÷ truncated parameter ratios and metric changes against the full model', () => {
    const { efficiency } = truncationLines(SYNTHETIC, ARCHITECTURES, ALL);
    expect(
      efficiency.map((e) => [
        e.unitsRemoved,
        Number(e.ratio.toFixed(3)),
        Number(e.delta.toFixed(3)),
      ]),
    ).toEqual([
      [1, Number((7_978_856 / 4_283_790).toFixed(3)), -0.01],
      [2, Number((7_978_856 / 1_305_742).toFixed(3)), -0.05],
    ]);
  });
});

describe('pairUp', () => {
  it('keeps the first of each kind and ignores unstated', () => {
    const items = [
      { group: 'pretrained' as const, k: 'a', v: 1 },
      { group: 'pretrained' as const, k: 'a', v: 2 },
      { group: 'random' as const, k: 'a', v: 3 },
      { group: 'unstated' as const, k: 'b', v: 4 },
    ];
    expect(pairUp(items, (i) => i.k).map(([p, r]) => [p.v, r.v])).toEqual([[1, 3]]);
  });
});

describe('published studies', () => {
  it.each(PUBLISHED_STUDIES.map((s) => [s.id, s] as const))(
    '%s: every full-model unit is plotted or excluded with a reason',
    (_id, study) => {
      const series = top1VsMetric(study, ARCHITECTURES, ALL, 'paperEra');
      const units = filteredResults(study, ARCHITECTURES, ALL);
      const full = units.filter((u) => u.result.unitsRemoved === 0);
      const unverified = unverifiedOf(study, ALL).length;
      expect(series.points.length + series.excluded.length).toBe(full.length + unverified);
      // Every result either stands in a unit (alone or averaged), is listed as not verifiable,
      // or is outside the configuration.
      const inUnits = units.reduce((n, u) => n + u.replicates, 0);
      expect(inUnits + unverified).toBe(configurationIndices(study).length);
      for (const p of series.points) expect(p.family).not.toBe(OTHER_FAMILY);
    },
  );

  it('CheXtransfer has no per-model points but keeps its reported statistics', () => {
    const study = getStudy('chextransfer');
    if (!study) throw new Error('missing');
    expect(top1VsMetric(study, ARCHITECTURES, ALL, 'paperEra').points).toHaveLength(0);
    expect(study.reportedStatistics.length).toBeGreaterThan(0);
  });
});
